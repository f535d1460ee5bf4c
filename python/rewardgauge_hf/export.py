"""Export a transformers sequence-classification checkpoint to the folder layouts rewardgauge reads.

- Encoders (BERT, DeBERTa, RoBERTa, ...) get the transformers.js layout that `onnx:` reads:
  OUT/onnx/model.onnx beside config.json and the tokenizer files.
- Decoders (Llama, Qwen, Gemma, Mistral, ...) get the optimum layout that `ort:` reads:
  OUT/model.onnx (+ OUT/model.onnx_data), inputs input_ids and attention_mask, output logits
  [batch, labels], with the pooling at the last non-pad token inside the graph.

The graph is traced with torch's TorchScript exporter (no onnxscript needed) through a wrapper
that turns the KV cache off, with eager attention (what traces to plain ONNX ops). The pad id
baked into the pooling is the one RewardBench uses: the tokenizer's, else its EOS.
"""

import json
import os
import shutil
import tempfile

# Files that say how text becomes ids and how the model is configured; the weights are re-exported.
TOKENIZER_FILES = (
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "chat_template.jinja",
    "chat_template.json",
    "added_tokens.json",
    "generation_config.json",
)
OPSET = 17
# ONNX protobufs cannot exceed 2 GiB; above this the weights go to model.onnx_data.
EXTERNAL_THRESHOLD = 1_800_000_000


def is_encoder(model_type: str) -> bool:
    """Encoders are the families with a masked-LM head; decoders have only a causal one."""
    from transformers.models.auto.modeling_auto import MODEL_FOR_MASKED_LM_MAPPING_NAMES

    return model_type in MODEL_FOR_MASKED_LM_MAPPING_NAMES


def pad_id_of(tokenizer):
    return tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id


def load_for_export(src: str, trust_remote_code: bool = False):
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(src, trust_remote_code=trust_remote_code)
    model = AutoModelForSequenceClassification.from_pretrained(src, dtype=torch.float32, attn_implementation="eager", trust_remote_code=trust_remote_code)
    pad = pad_id_of(tokenizer)
    if pad is not None:
        model.config.pad_token_id = pad
    return tokenizer, model.eval()


def _wrapper(model, with_types: bool):
    import torch

    class Logits(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids=None):
            extra = {"token_type_ids": token_type_ids} if with_types else {}
            kwargs = {} if is_encoder(model.config.model_type) else {"use_cache": False}
            return self.model(input_ids=input_ids, attention_mask=attention_mask, return_dict=True, **extra, **kwargs).logits

    return Logits().eval()


def _copy_tokenizer(src: str, out: str, tokenizer) -> None:
    if os.path.abspath(src) == os.path.abspath(out):
        return
    os.makedirs(out, exist_ok=True)
    if os.path.exists(os.path.join(src, "tokenizer.json")):
        for name in TOKENIZER_FILES:
            if os.path.exists(os.path.join(src, name)):
                shutil.copyfile(os.path.join(src, name), os.path.join(out, name))
        extra = os.path.join(src, "additional_chat_templates")
        if os.path.isdir(extra):
            shutil.copytree(extra, os.path.join(out, "additional_chat_templates"), dirs_exist_ok=True)
    else:
        # A slow (SentencePiece-only) tokenizer: transformers converts it and writes tokenizer.json.
        tokenizer.save_pretrained(out)


def _write_config(src: str, out: str, pad) -> None:
    """config.json as the user has it, with the pad id the graph's pooling compares against (ort: pads with it)."""
    with open(os.path.join(src, "config.json"), encoding="utf-8") as f:
        config = json.load(f)
    if config.get("pad_token_id") == pad and os.path.abspath(src) == os.path.abspath(out):
        return
    config["pad_token_id"] = pad
    with open(os.path.join(out, "config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2)
        f.write("\n")


def _save_graph(traced, graph, external_data):
    """The traced graph saved at `graph`, its weights in GRAPH_data when asked or when large; the files written."""
    import onnx

    proto = onnx.load(traced, load_external_data=True)
    size = sum(t.ByteSize() for t in proto.graph.initializer)
    external = external_data if external_data is not None else size > EXTERNAL_THRESHOLD
    for stale in (graph, graph + "_data"):
        if os.path.exists(stale):
            os.remove(stale)
    if external:
        onnx.save_model(proto, graph, save_as_external_data=True, all_tensors_to_one_file=True, location=os.path.basename(graph) + "_data", size_threshold=1024)
    else:
        onnx.save_model(proto, graph)
    return [graph] + ([graph + "_data"] if external else [])


def export(src: str, out: str, layout: str = "auto", external_data=None, trust_remote_code: bool = False) -> dict:
    """Write the layout to `out` (which may be `src`); returns what was written."""
    import torch

    tokenizer, model = load_for_export(src, trust_remote_code)
    encoder = is_encoder(model.config.model_type)
    if layout == "auto":
        layout = "onnx" if encoder else "ort"
    with_types = encoder and (getattr(model.config, "type_vocab_size", 0) or 0) > 1
    os.makedirs(out, exist_ok=True)
    _copy_tokenizer(src, out, tokenizer)
    _write_config(src, out, model.config.pad_token_id)
    graph = os.path.join(out, "onnx", "model.onnx") if layout == "onnx" else os.path.join(out, "model.onnx")
    os.makedirs(os.path.dirname(graph), exist_ok=True)

    ids = torch.tensor([[5, 6, 7, 8, 9, 10, 11, 12], [13, 14, 15, 16, 17, 18, 19, 20]])
    mask = torch.ones_like(ids)
    args = (ids, mask, torch.zeros_like(ids)) if with_types else (ids, mask)
    names = ["input_ids", "attention_mask"] + (["token_type_ids"] if with_types else [])
    axes = {n: {0: "batch_size", 1: "sequence_length"} for n in names}
    axes["logits"] = {0: "batch_size"}
    with tempfile.TemporaryDirectory() as tmp:
        traced = os.path.join(tmp, "model.onnx")
        with torch.no_grad():
            torch.onnx.export(_wrapper(model, with_types), args, traced, input_names=names, output_names=["logits"], dynamic_axes=axes, opset_version=OPSET, dynamo=False)
        written = _save_graph(traced, graph, external_data)
    return {"layout": layout, "graph": graph, "files": written, "inputs": names, "padTokenId": model.config.pad_token_id, "modelType": model.config.model_type}
