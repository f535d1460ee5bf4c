#!/bin/bash
# Runs the same evaluations with a given build (ROOT/dist): the built-in suites with the four
# heuristic baselines, and every published RewardMATH results file (when ../shared/data is present),
# writing one run folder each under OUT. Run it with a build of main and with this branch's build,
# then compare: npx tsx scripts/compare-results.ts OUT_MAIN OUT_BRANCH
#   bash scripts/identical-results.sh ROOT OUT [DATA=/work/shared/data/rewardmath]
set -e
ROOT=$(cd "$1" && pwd); OUT=$2; D=${3:-/work/shared/data/rewardmath}
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
RG="node $ROOT/dist/cli/bin.js"
CFG=$(mktemp --suffix=.json)
cat > "$CFG" <<'JSON'
{"models": ["heuristic:length", "heuristic:shortest", "heuristic:random", "heuristic:constant"],
 "suites": ["pairwise", "best-of-n", "rewardmath", {"id": "personalized", "options": {"profileK": 3}}, "contrast"], "seed": 0}
JSON
$RG run --config "$CFG" --no-cache --quiet --out "$OUT/quick" > /dev/null
if [ ! -d "$D" ]; then echo "skipped the RewardMATH files: $D is absent"; exit 0; fi
for f in "$D"/results/RewardMATH/*.json "$D"/results/Rewardbench/*.json; do
  b=$(basename "$(dirname "$f")")-$(basename "$f" .json)
  # Step-score files (Math-Shepherd) need an aggregation; min is the PRM convention.
  $RG run --suite rewardmath --data "$f" --model "scores:$f" --no-cache --quiet --out "$OUT/$b" > /dev/null 2>&1 ||
    $RG run --suite rewardmath --data "$f" --model "scores:$f?aggregate=min" --no-cache --quiet --out "$OUT/$b" > /dev/null
done
