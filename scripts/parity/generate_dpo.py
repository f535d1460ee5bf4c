"""Generate the DPO parity fixtures: tiny causal-LM policy/reference pairs with RewardBench-style implicit rewards.

    .venv/bin/python scripts/parity/generate_dpo.py [--out DIR] [--skip-export]

Writes DIR/requests.jsonl, DIR/<pair>/{policy,reference}/ (checkpoints as save_pretrained writes them,
the `ort:` export with the LM head beside each), DIR/<pair>/reference.json and DIR/manifest.json.
See scripts/parity/README.md ("DPO fixtures").
"""

import argparse
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)

import build_models  # noqa: E402
import build_requests  # noqa: E402
from dpo_reference import entry  # noqa: E402
from fixtures import MAX_LENGTH  # noqa: E402
from generate import build_tokenizer, file_entries, file_entry, versions, write_json, write_reference  # noqa: E402

# Truncation the references are computed with (RewardBench's are 2048 and 128): small enough that the
# long requests lose prompt tokens and the longest responses lose their ends.
DPO_MAX_LENGTH = 192
DPO_MAX_PROMPT_LENGTH = 64
ONNX_TOLERANCE = 1e-4


class Pair:
    def __init__(self, name, architecture, model, tokenizer, template, seed, position_ids):
        self.name, self.architecture, self.model, self.tokenizer = name, architecture, model, tokenizer
        self.template, self.seed, self.position_ids = template, seed, position_ids
        # generate.build_tokenizer reads these from a parity Fixture.
        self.extra_tokens, self.template_in_config = (), False


PAIRS = [
    # Llama 3 (BOS written by the template, so RewardBench's added BOS doubles it) exported with position_ids, as optimum does.
    Pair("llama3-dpo", "LlamaForCausalLM", "llama", "llama3", "llama3.jinja", 20261301, True),
    # Qwen2 has no BOS: RewardBench puts its EOS (<|im_end|>) first. Tied embeddings, as Qwen2.5-0.5B has.
    Pair("qwen2-dpo", "Qwen2ForCausalLM", "qwen2", "qwen2", "qwen2.5.jinja", 20261311, False),
]


def causal_model(kind, tok, seed):
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM, Qwen2Config, Qwen2ForCausalLM

    torch.manual_seed(seed)
    common = {k: v for k, v in build_models._decoder_common(tok, 0.2).items() if k != "num_labels"}
    if kind == "llama":
        rope = {"rope_type": "llama3", "rope_theta": 500000.0, "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0, "original_max_position_embeddings": 8192}
        return LlamaForCausalLM(LlamaConfig(**common, rms_norm_eps=1e-5, rope_parameters=rope, hidden_act="silu")).eval()
    common["tie_word_embeddings"] = True
    return Qwen2ForCausalLM(Qwen2Config(**common, rms_norm_eps=1e-6, rope_parameters={"rope_type": "default", "rope_theta": 1000000.0}, use_sliding_window=False)).eval()


def step_requests():
    """Process-reward requests: RewardMATH solutions as steps joined with newlines."""
    rows = {r["id"]: r for r in build_requests.rows("rewardmath")}
    out = []
    for rid, which in (("rewardmath-0001", "chosen"), ("rewardmath-0001", "rejected"), ("rewardmath-0002", "chosen")):
        sol = rows[rid][which]
        sol = sol[0] if isinstance(sol, list) else sol
        steps = sol["steps"]
        out.append({"id": f"steps-{rid[-4:]}-{which}", "kind": "steps", "messages": [{"role": "user", "content": rows[rid]["problem"]}], "response": "\n".join(steps), "steps": steps})
    return out


def export(folder, position_ids):
    pythonpath = os.pathsep.join(filter(None, [os.path.join(REPO, "python"), os.environ.get("PYTHONPATH")]))
    env = dict(os.environ, PYTHONPATH=pythonpath, PYTHONHASHSEED="0")
    cmd = [sys.executable, "-m", "rewardgauge_hf", "export", folder, "--out", folder] + (["--position-ids"] if position_ids else [])
    done = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the exporter failed ({' '.join(cmd)}):\n{done.stdout}\n{done.stderr}")


def check_onnx(folder, model, entries):
    """Largest |ONNX logit - transformers logit| over the reference ids."""
    import numpy as np
    import onnxruntime as ort
    import torch

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(os.path.join(folder, "model.onnx"), options, providers=["CPUExecutionProvider"])
    names = {i.name for i in session.get_inputs()}
    worst = 0.0
    for e in entries:
        if "ids" not in e:
            continue
        ids = np.array([e["ids"]], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        if "position_ids" in names:
            feed["position_ids"] = np.arange(ids.shape[1], dtype=np.int64)[None]
        got = session.run(["logits"], feed)[0][0]
        with torch.no_grad():
            want = model(input_ids=torch.tensor(ids)).logits[0].numpy()
        worst = max(worst, float(np.abs(got - want).max()))
    return worst


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(REPO, "test", "fixtures", "parity-dpo"))
    parser.add_argument("--skip-export", action="store_true", help="write checkpoints and references without the ONNX export")
    args = parser.parse_args(argv)

    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging

    logging.set_verbosity_error()
    logging.disable_progress_bar()
    torch.set_num_threads(1)
    texts = build_requests.corpus()
    requests = build_requests.build() + step_requests()
    os.makedirs(args.out, exist_ok=True)
    build_requests.write(os.path.join(args.out, "requests.jsonl"), requests)
    failed, manifest = [], []
    for pair in PAIRS:
        root = os.path.join(args.out, pair.name)
        shutil.rmtree(root, ignore_errors=True)
        for role, seed in (("policy", pair.seed), ("reference", pair.seed + 1)):
            folder = os.path.join(root, role)
            os.makedirs(folder)
            tok = build_tokenizer(pair, folder, texts)
            causal_model(pair.model, tok, seed).save_pretrained(folder)
        # Loaded back the way a user loads them.
        tok = AutoTokenizer.from_pretrained(os.path.join(root, "policy"))
        policy = AutoModelForCausalLM.from_pretrained(os.path.join(root, "policy"), dtype=torch.float32).eval()
        reference = AutoModelForCausalLM.from_pretrained(os.path.join(root, "reference"), dtype=torch.float32).eval()
        entries = [entry(tok, policy, reference, r, DPO_MAX_LENGTH, DPO_MAX_PROMPT_LENGTH) for r in requests]
        doc = {"pair": pair.name, "architecture": pair.architecture, "maxLength": DPO_MAX_LENGTH, "maxPromptLength": DPO_MAX_PROMPT_LENGTH, "entries": entries}
        write_reference(os.path.join(root, "reference.json"), doc)
        ratios = [e["rewards"]["ratio"] for e in entries if "rewards" in e]
        line = f"{pair.name}: {len(ratios)} rewards in [{min(ratios):.2f}, {max(ratios):.2f}], {sum('steps' in e for e in entries)} with steps, {sum('error' in e for e in entries)} refused"
        if not args.skip_export:
            for role, model in (("policy", policy), ("reference", reference)):
                export(os.path.join(root, role), pair.position_ids)
                worst = check_onnx(os.path.join(root, role), model, entries)
                line += f", {role} ONNX max |logit diff| {worst:.1e}"
                if worst > ONNX_TOLERANCE:
                    failed.append(f"{pair.name}/{role}: the ONNX export differs from transformers by {worst:.2e}")
        print(line, flush=True)
        files = file_entries(root, args.out)
        manifest.append({"name": pair.name, "architecture": pair.architecture, "bytes": sum(f["bytes"] for f in files), "files": files})
    write_json(
        os.path.join(args.out, "manifest.json"),
        {"generator": "scripts/parity/generate_dpo.py", "tokenizerMaxLength": MAX_LENGTH, "requests": file_entry(os.path.join(args.out, "requests.jsonl"), args.out), "versions": versions(), "pairs": manifest},
    )
    if failed:
        raise SystemExit("\n".join(failed))


if __name__ == "__main__":
    main()
