"""The texts the fixtures are trained on and scored with, all taken from datasets/*.jsonl.

Named build_requests (not requests) so that it cannot shadow the `requests` library that the
Hugging Face stack imports: this folder is first on sys.path when generate.py runs.
"""

import json
import os

DATASETS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "datasets")

# Fields that hold labels rather than prose; training tokenizers on them only adds noise.
_NOT_TEXT = {"id", "subset", "category", "persona", "chosen_model", "rejected_model", "error_type", "subject", "answer", "gold", "label"}

# Words the chat templates write around the messages. Real tokenizers know them well; without them
# the tiny ones would spell "assistant" letter by letter and no fixture would show how role headers
# merge with the text around them.
SCAFFOLD = ["user", "assistant", "system", "model", "[INST]", "[/INST]", "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.", "You are a helpful assistant."]


def rows(name):
    with open(os.path.join(DATASETS, name + ".jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


# The datasets the tiny tokenizers were trained on when the fixtures were made. A fixed list: a new
# built-in dataset must not retrain every tokenizer (and so change every committed fixture).
CORPUS_DATASETS = ["best-of-n", "bon-pool", "contrast", "pairwise", "personalized", "rewardmath", "verifier"]


def corpus():
    """Every distinct prose string of CORPUS_DATASETS, in file order (deterministic), plus the scaffold."""
    out, seen = [], set()

    def walk(value, key=None):
        if isinstance(value, str):
            if key not in _NOT_TEXT and len(value) > 3 and value not in seen:
                seen.add(value)
                out.append(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)

    for name in CORPUS_DATASETS:
        for row in rows(name):
            walk(row)
    return out + SCAFFOLD * 1000


def _by_id(name):
    return {r["id"]: r for r in rows(name)}


def _user(content):
    return {"role": "user", "content": content}


def _assistant(content):
    return {"role": "assistant", "content": content}


def _profile_prompt(row, posts):
    """A personalized-RewardBench style prompt: the user's earlier posts, then the question."""
    lines = [f"- {p['text']}" for p in row["profile"][:posts]]
    return "Here are some of my earlier posts:\n" + "\n".join(lines) + f"\n\n{row['narrative']}\n\n{row['question']}"


def _rubric(row):
    aspects = "\n".join(f"- {a['aspect']} ({a['reason']})" for a in row["rubric_aspects"])
    return "Judge the reply against this rubric:\n" + aspects


def build():
    """The shared requests, each from named rows so that a dataset regeneration that moves rows shows up as a diff."""
    pw = _by_id("pairwise")
    pz = _by_id("personalized")
    bn = _by_id("best-of-n")
    ct = _by_id("contrast")
    a, b = pw["pairwise-0001"], pw["pairwise-0007"]
    czech = bn["best-of-n-0041"]
    c = ct["contrast-0001"]
    out = [
        ("short-arithmetic-chosen", "short", [_user(a["prompt"])], a["chosen"]),
        # One digit away from the previous request: the scores must still differ visibly.
        ("short-arithmetic-rejected", "short", [_user(a["prompt"])], a["rejected"]),
        ("response-cut-steps", "response-cut", [_user(pw["pairwise-0151"]["prompt"])], pw["pairwise-0151"]["chosen"]),
        # Whitespace only: templates that trim content render an empty turn; SentencePiece sees a lone space.
        ("short-blank-response", "short", [_user(pw["pairwise-0051"]["prompt"])], " "),
        ("unicode-division", "unicode", [_user(b["prompt"])], b["chosen"]),
        ("unicode-accents", "unicode", [_user(pw["pairwise-0229"]["prompt"])], pw["pairwise-0229"]["chosen"]),
        ("unicode-bogota", "unicode", [_user(pw["pairwise-0101"]["prompt"])], pw["pairwise-0101"]["chosen"]),
        # The datasets have no CJK or emoji; these exercise byte fallback and [UNK] (a flag is two code points).
        (
            "unicode-cjk-emoji",
            "unicode",
            [_user(czech["prompt"] + " 请用一句话回答。")],
            czech["chosen"][0] + " 布拉格 (Praha) 🇨🇿, not " + czech["rejected"][2].split()[-1].rstrip(".") + ". 👍",
        ),
        ("long-profile", "long", [_user(_profile_prompt(pz["personalized-0001"], 3))], pz["personalized-0001"]["chosen"]),
        ("truncated-profile-chosen", "truncated", [_user(_profile_prompt(pz["personalized-0002"], 10))], pz["personalized-0002"]["chosen"]),
        ("truncated-profile-rejected", "truncated", [_user(_profile_prompt(pz["personalized-0001"], 10))], pz["personalized-0001"]["rejected"]),
        # A response longer than every fixture's max length: truncation must cut into the response itself.
        ("response-cut-verbose", "response-cut", [_user(pw["pairwise-0130"]["prompt"])], pw["pairwise-0130"]["rejected"]),
        ("multi-turn-two-rows", "multi-turn", [_user(a["prompt"]), _assistant(a["chosen"]), _user(b["prompt"])], b["chosen"]),
        ("multi-turn-contrast", "multi-turn", [_user(c["query"]), _assistant(c["query_response_k"]), _user(c["retrieval"])], c["retrieval_response_k"]),
        ("system-rubric", "system", [{"role": "system", "content": _rubric(pz["personalized-0003"])}, _user(pz["personalized-0003"]["question"])], pz["personalized-0003"]["chosen"]),
        (
            "system-multi-turn",
            "system",
            [{"role": "system", "content": _rubric(pz["personalized-0004"])}, _user(a["prompt"]), _assistant(a["chosen"]), _user(pz["personalized-0004"]["question"])],
            pz["personalized-0004"]["chosen"],
        ),
    ]
    return [{"id": i, "kind": k, "messages": m, "response": r} for i, k, m, r in out]


def write(path, requests):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for r in requests:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
