"""Export a causal language model with its LM head to the layout `ort:` reads for implicit rewards.

The layout is optimum's `--task text-generation` without past key values: OUT/model.onnx (+
OUT/model.onnx_data), inputs input_ids and attention_mask (and position_ids with
`--position-ids`, as optimum exports some families), output `logits` [batch, sequence, vocab].
`ort:` recognises it by that output and by config.json's `*ForCausalLM` architecture, and then
serves token log-probabilities to `dpo:` instead of scores.
"""

import os
import tempfile

from .export import OPSET, _copy_tokenizer, _save_graph


def is_causal(config) -> bool:
    return any(a.endswith("ForCausalLM") for a in (getattr(config, "architectures", None) or []))


def _wrapper(model, with_positions: bool):
    import torch

    class Logits(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, position_ids=None):
            extra = {"position_ids": position_ids} if with_positions else {}
            return self.model(input_ids=input_ids, attention_mask=attention_mask, use_cache=False, return_dict=True, **extra).logits

    return Logits().eval()


def export_causal(src: str, out: str, external_data=None, position_ids: bool = False, trust_remote_code: bool = False) -> dict:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(src, trust_remote_code=trust_remote_code)
    model = AutoModelForCausalLM.from_pretrained(src, dtype=torch.float32, attn_implementation="eager", trust_remote_code=trust_remote_code).eval()
    os.makedirs(out, exist_ok=True)
    _copy_tokenizer(src, out, tokenizer)
    if os.path.abspath(src) != os.path.abspath(out):
        with open(os.path.join(src, "config.json"), encoding="utf-8") as f, open(os.path.join(out, "config.json"), "w", encoding="utf-8") as g:
            g.write(f.read())
    graph = os.path.join(out, "model.onnx")
    ids = torch.tensor([[5, 6, 7, 8, 9, 10, 11, 12], [13, 14, 15, 16, 17, 18, 19, 20]])
    mask = torch.ones_like(ids)
    args = (ids, mask, torch.arange(8).repeat(2, 1)) if position_ids else (ids, mask)
    names = ["input_ids", "attention_mask"] + (["position_ids"] if position_ids else [])
    axes = {n: {0: "batch_size", 1: "sequence_length"} for n in names}
    axes["logits"] = {0: "batch_size", 1: "sequence_length"}
    with tempfile.TemporaryDirectory() as tmp:
        traced = os.path.join(tmp, "model.onnx")
        with torch.no_grad():
            torch.onnx.export(_wrapper(model, position_ids), args, traced, input_names=names, output_names=["logits"], dynamic_axes=axes, opset_version=OPSET, dynamo=False)
        written = _save_graph(traced, graph, external_data)
    return {"layout": "ort", "task": "causal-lm", "graph": graph, "files": written, "inputs": names, "modelType": model.config.model_type}
