"""Generate the parity fixtures: tiny real reward models with transformers' reference scores.

    .venv/bin/python scripts/parity/generate.py [--out DIR] [--only NAME] [--skip-export]

Writes DIR/requests.jsonl, DIR/<name>/ (the checkpoint as save_pretrained writes it, the ONNX export
beside it, reference.json) and DIR/manifest.json. See scripts/parity/README.md.
"""

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)

import build_models  # noqa: E402
import build_requests  # noqa: E402
import build_tokenizers  # noqa: E402
from fixtures import BY_NAME, FIXTURES, MAX_LENGTH, MIN_GAP, SEED  # noqa: E402
from reference import min_gap, reference  # noqa: E402

EXPORTER = os.path.join(REPO, "python", "rewardgauge_hf", "export.py")
# What the ONNX graph may differ from transformers by before the generator refuses the export.
ONNX_TOLERANCE = 1e-4


def write_json(path, doc):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")


def write_reference(path, doc):
    """One request per line: readable in a diff, and a fraction of the size of indented id lists."""
    lines = []
    for key, value in doc.items():
        if isinstance(value, list):
            body = ",\n".join("    " + json.dumps(e, ensure_ascii=False) for e in value)
            lines.append(f"  {json.dumps(key)}: [\n{body}\n  ]")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("{\n" + ",\n".join(lines) + "\n}\n")


def move_template_into_config(folder):
    """Make the folder look like a repo saved before transformers 4.43: the template only in tokenizer_config.json."""
    jinja = os.path.join(folder, "chat_template.jinja")
    with open(jinja, encoding="utf-8") as f:
        template = f.read()
    os.remove(jinja)
    path = os.path.join(folder, "tokenizer_config.json")
    with open(path, encoding="utf-8") as f:
        config = json.load(f)
    config["chat_template"] = template
    write_json(path, config)


def build_tokenizer(fixture, folder, texts):
    extra = {"extra_tokens": fixture.extra_tokens} if fixture.extra_tokens else {}
    tok = build_tokenizers.BUILDERS[fixture.tokenizer](texts, MAX_LENGTH, **extra)
    if fixture.template:
        with open(os.path.join(HERE, "templates", fixture.template), encoding="utf-8") as f:
            tok.chat_template = f.read()
    tok.save_pretrained(folder)
    if fixture.template_in_config:
        move_template_into_config(folder)
    return tok


def search_seed(fixture, texts, requests, tries=1000):
    """The first seed from SEED up whose reference scores are MIN_GAP apart (run once, recorded in fixtures.py)."""
    with tempfile.TemporaryDirectory() as folder:
        tok = build_tokenizer(fixture, folder, texts)
        for seed in range(SEED, SEED + tries):
            build_models.build(fixture.model, tok, seed, fixture.init_range).save_pretrained(folder)
            if min_gap(reference(folder, fixture, requests)) >= MIN_GAP:
                return seed
    raise SystemExit(f"{fixture.name}: no seed in {tries} gives scores {MIN_GAP} apart")


def export(fixture, folder):
    # A fixed hash seed: ModernBERT's forward iterates over set(config.layer_types), so with Python's
    # random string hashing its global and local rotary tables were traced in either order and
    # model.onnx's bytes changed from run to run.
    pythonpath = os.pathsep.join(filter(None, [os.path.join(REPO, "python"), os.environ.get("PYTHONPATH")]))
    env = dict(os.environ, PYTHONPATH=pythonpath, PYTHONHASHSEED="0")
    cmd = [sys.executable, "-m", "rewardgauge_hf", "export", folder, "--out", folder, *fixture.export_args]
    done = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{fixture.name}: the exporter failed ({' '.join(cmd)}):\n{done.stdout}\n{done.stderr}")


def check_onnx(folder, doc):
    """The largest |ONNX logit - reference| over the scored requests (onnxruntime, one request at a time)."""
    import numpy as np
    import onnxruntime as ort

    graph = next(p for p in (os.path.join(folder, "onnx", "model.onnx"), os.path.join(folder, "model.onnx")) if os.path.exists(p))
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(graph, options, providers=["CPUExecutionProvider"])
    names = {i.name for i in session.get_inputs()}
    worst = 0.0
    for entry in doc["scores"] + doc.get("truncateEnd", []):
        if "score" not in entry:
            continue
        ids = np.array([entry["ids"]], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        if "token_type_ids" in names:
            feed["token_type_ids"] = np.array([entry.get("tokenTypeIds", [0] * ids.shape[1])], dtype=np.int64)
        logit = float(session.run(["logits"], feed)[0][0, 0])
        worst = max(worst, abs(logit - entry["score"]))
    return worst


def file_entry(path, root):
    with open(path, "rb") as f:
        data = f.read()
    return {"path": os.path.relpath(path, root).replace(os.sep, "/"), "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def file_entries(folder, root):
    out = []
    for base, dirs, files in os.walk(folder):
        dirs.sort()
        out.extend(file_entry(os.path.join(base, name), root) for name in sorted(files))
    return out


def versions():
    import importlib.metadata as md

    found = {"python": platform.python_version()}
    for name in ("torch", "transformers", "tokenizers", "sentencepiece", "safetensors", "onnx", "onnxruntime"):
        try:
            found[name] = md.version(name)
        except md.PackageNotFoundError:
            pass
    return found


def write_manifest(out):
    """Built from what is on disk, so that --only leaves the other fixtures' entries true."""
    fixtures = []
    for f in FIXTURES:
        folder = os.path.join(out, f.name)
        if not os.path.isdir(folder):
            continue
        files = file_entries(folder, out)
        fixtures.append({"name": f.name, "architecture": f.architecture, "bytes": sum(e["bytes"] for e in files), "files": files})
    write_json(
        os.path.join(out, "manifest.json"),
        {
            "generator": "scripts/parity/generate.py",
            "regenerate": ".venv/bin/python scripts/parity/generate.py",
            "seed": SEED,
            "maxLength": MAX_LENGTH,
            "requests": file_entry(os.path.join(out, "requests.jsonl"), out),
            "versions": versions(),
            "fixtures": fixtures,
        },
    )


def kind_problems(requests, entries):
    """A request's kind is a promise about what truncation does to it; a tokenizer or data change can break it silently."""
    kinds = {r["id"]: r["kind"] for r in requests}
    problems = []
    for e in entries:
        kind = kinds[e["id"]]
        if "error" in e:
            continue
        if kind == "response-cut" and not e["responseCut"]:
            problems.append(f"{e['id']} is meant to cut into the response but does not ({e['tokens']} tokens)")
        if kind in ("long", "truncated") and (not e["truncated"] or e["responseCut"]):
            problems.append(f"{e['id']} is meant to lose part of the prompt and none of the response ({e['tokens']} tokens, response cut {e['responseCut']})")
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(REPO, "test", "fixtures", "parity"))
    parser.add_argument("--only", action="append", choices=sorted(BY_NAME), help="build only this fixture (repeatable)")
    parser.add_argument("--skip-export", action="store_true", help="write checkpoints and references without the ONNX export")
    parser.add_argument("--search-seeds", action="store_true", help="print, for each fixture, the first seed whose scores are MIN_GAP apart (writes nothing)")
    args = parser.parse_args(argv)
    if not args.skip_export and not args.search_seeds and not os.path.exists(EXPORTER):
        raise SystemExit(f"{EXPORTER} does not exist yet; run with --skip-export")

    import torch
    from transformers.utils import logging

    # The warnings about sequences longer than model_max_length are the point of the long requests.
    logging.set_verbosity_error()
    logging.disable_progress_bar()
    # One thread: the float sums, and so the last bits of the references, do not depend on the machine's cores.
    torch.set_num_threads(1)
    texts = build_requests.corpus()
    requests = build_requests.build()
    chosen = [BY_NAME[n] for n in args.only] if args.only else FIXTURES
    if args.search_seeds:
        for fixture in chosen:
            print(f"{fixture.name}: seed={search_seed(fixture, texts, requests)}", flush=True)
        return
    os.makedirs(args.out, exist_ok=True)
    build_requests.write(os.path.join(args.out, "requests.jsonl"), requests)
    failed = []
    for fixture in chosen:
        folder = os.path.join(args.out, fixture.name)
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        tok = build_tokenizer(fixture, folder, texts)
        build_models.build(fixture.model, tok, fixture.seed, fixture.init_range).save_pretrained(folder)
        doc = reference(folder, fixture, requests)
        write_reference(os.path.join(folder, "reference.json"), doc)
        scores = [e["score"] for e in doc["scores"] if "score" in e]
        gap = min_gap(doc)
        line = f"{fixture.name}: {len(scores)} scores in [{min(scores):.3f}, {max(scores):.3f}], min gap {gap:.3f}, {sum('error' in e for e in doc['scores'])} refused"
        if gap < MIN_GAP:
            failed.append(f"{fixture.name}: two requests score {gap:.4f} apart (< {MIN_GAP}); run --search-seeds and update fixtures.py")
        failed.extend(f"{fixture.name}: {problem}" for problem in kind_problems(requests, doc["scores"]))
        if not args.skip_export:
            export(fixture, folder)
            worst = check_onnx(folder, doc)
            line += f", ONNX max |diff| {worst:.2e}"
            if worst > ONNX_TOLERANCE:
                failed.append(f"{fixture.name}: the ONNX export differs from transformers by {worst:.2e}")
        print(line, flush=True)
    write_manifest(args.out)
    if failed:
        raise SystemExit("\n".join(failed))


if __name__ == "__main__":
    main()
