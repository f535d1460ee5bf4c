"""The `hf:` adapter's worker: transformers runs a sequence-classification reward model here.

Framed JSON lines (docs/hf.md): every line on stdin is one frame `{"id": n, "op": ..., ...}` and
gets exactly one answer line `{"id": n, ...}` on stdout, so a whole batch crosses the pipe at
once and the GPU sees real batches. Anything else the libraries print goes to stderr.

  init      {"model": DIR, "options": {...}}      -> {"info": {...}}
  score     {"requests": [request, ...]}          -> {"scores": [...], "facts": [...], "seconds", "tokens", "padded"}
  tokenize  {"requests": [...]}                   -> {"facts": [...]}
  encode, logprobs                                 causal LMs (options.causal): see causal.py
  resolve   {"model": "org/name", "revision"}     -> {"dir": snapshot folder}
  failure                                          -> {"error": text, "kind": "missing" | "usage" | "model", "index"?: k}
"""

import json
import os
import sys
import time

from .encode import Encoder, TemplateError

# Written-to only by `send`; libraries that print() must not corrupt the protocol.
PROTOCOL = sys.stdout
sys.stdout = sys.stderr


class Failure(Exception):
    def __init__(self, kind, message, index=None):
        super().__init__(message)
        self.kind = kind
        self.index = index


def send(frame):
    PROTOCOL.write(json.dumps(frame, allow_nan=False, default=str) + "\n")
    PROTOCOL.flush()


def need_packages():
    missing = []
    for name in ("torch", "transformers"):
        try:
            __import__(name)
        except ImportError:
            missing.append(name)
    if missing:
        raise Failure("missing", f"{sys.executable} has no {' or '.join(missing)}; install them with: {sys.executable} -m pip install torch transformers")


class Scorer:
    def __init__(self, model_dir, o):
        import torch
        from transformers import AutoConfig, AutoTokenizer

        from .export import is_encoder, pad_id_of

        self.torch = torch
        device = o.get("device", "cpu")
        if device == "cuda" and not torch.cuda.is_available():
            raise Failure("usage", f"device cuda was asked for, but torch {torch.__version__} sees no CUDA device (a CPU build, or no driver); install a CUDA build of torch or use ?device=cpu")
        trust = bool(o.get("trustRemoteCode", False))
        try:
            self.tok = AutoTokenizer.from_pretrained(model_dir, trust_remote_code=trust)
        except Exception as err:
            raise Failure("usage", f"{model_dir}: transformers could not load the tokenizer: {err}")
        try:
            config = AutoConfig.from_pretrained(model_dir, trust_remote_code=trust)
        except Exception as err:
            raise Failure("usage", f"{model_dir}: transformers could not read config.json: {err}")
        dtype = getattr(torch, o.get("dtype", "float32"))
        # SDPA has no attention-logit soft-capping and silently drops it (Gemma 2: scores 5.8e-3 off
        # the model's definition on the parity fixture), so such models default to eager attention.
        attn = o.get("attn") or ("eager" if getattr(config, "attn_logit_softcapping", None) else None)
        # The weights load on the first batch: tokenization checks on a cached run need only the tokenizer.
        self.load_args = (model_dir, {"dtype": dtype, "trust_remote_code": trust, **({"attn_implementation": attn} if attn else {})})
        self.model = None
        # RewardBench pools with the tokenizer's pad id (else EOS), whatever config.json says.
        self.pad = pad_id_of(self.tok)
        self.device = device
        template = o.get("chatTemplate")
        has_template = template is not None or bool(getattr(self.tok, "chat_template", None))
        form = o.get("input") or ("template" if has_template else "pair")
        encoder = is_encoder(config.model_type)
        if form == "template" and not has_template:
            raise Failure("usage", f"input=template, but {model_dir} has no chat template (chat_template.jinja or tokenizer_config.json); give one with ?chatTemplate=FILE or use input=pair")
        if form == "pair" and not encoder and not o.get("input"):
            raise Failure("usage", f"{model_dir} is a decoder ({config.model_type}) with no chat template: scored as a text pair its rewards would be wrong; give ?chatTemplate=FILE, or ?input=pair if it was trained on plain pairs")
        positions = getattr(config, "max_position_embeddings", None) or float("inf")
        declared = self.tok.model_max_length
        fallback = declared if 0 < declared < 1e7 else (positions if positions != float("inf") else 512)
        max_length = int(min(o.get("maxLength") or fallback, positions))
        try:
            self.encoder = Encoder(self.tok, form, max_length, o.get("truncate", "start"), template)
        except TemplateError as err:
            raise Failure("usage", f"the chat template does not render a conversation: {err}")
        self.label = o.get("label")
        labels = config.num_labels
        if labels > 1 and (self.label is None or self.label >= labels):
            raise Failure("usage", f"the model has {labels} labels; choose the reward with ?label=K (0 to {labels - 1})")
        self.budget = int(o.get("tokenBudget", 16384))
        self.max_batch = int(o.get("maxBatch", 64))
        self.info = {
            "device": device,
            "deviceName": torch.cuda.get_device_name(0) if device == "cuda" else None,
            "dtype": str(dtype).replace("torch.", ""),
            "torch": torch.__version__,
            "transformers": __import__("transformers").__version__,
            "form": form,
            "maxLength": max_length,
            "numLabels": labels,
            "padTokenId": self.pad,
            "attn": attn or "default",
            "modelType": config.model_type,
            "expectedEnd": self.encoder.expected_end_tokens(),
        }

    def loaded(self):
        if self.model is None:
            from transformers import AutoModelForSequenceClassification

            where, kwargs = self.load_args
            try:
                model = AutoModelForSequenceClassification.from_pretrained(where, **kwargs)
            except Exception as err:
                raise Failure("usage", f"{where}: transformers could not load a sequence classifier: {err}")
            if self.pad is not None:
                model.config.pad_token_id = self.pad
            self.model = model.to(self.device).eval()
        return self.model

    def encode(self, requests):
        out = []
        for k, r in enumerate(requests):
            try:
                out.append(self.encoder.encode(r))
            except TemplateError as err:
                raise Failure("usage", f"the chat template rejects this conversation: {err}", k)
        return out

    def batches(self, encoded):
        """Longest first, as many rows as fit the token budget; without a pad id rows run alone."""
        order = sorted(range(len(encoded)), key=lambda k: -len(encoded[k].ids))
        group = []
        for k in order:
            width = len(encoded[group[0]].ids) if group else len(encoded[k].ids)
            if group and (self.pad is None or (len(group) + 1) * width > self.budget or len(group) >= self.max_batch):
                yield group
                group = []
            group.append(k)
        if group:
            yield group

    def score(self, requests):
        torch = self.torch
        encoded = self.encode(requests)
        scores = [0.0] * len(encoded)
        started = time.perf_counter()
        padded = 0
        for group in self.batches(encoded):
            width = max(len(encoded[k].ids) for k in group)
            pad = self.pad if self.pad is not None else 0
            ids = torch.full((len(group), width), pad, dtype=torch.long)
            mask = torch.zeros((len(group), width), dtype=torch.long)
            types = torch.zeros((len(group), width), dtype=torch.long) if any(encoded[k].types for k in group) else None
            for row, k in enumerate(group):
                e = encoded[k]
                ids[row, : len(e.ids)] = torch.tensor(e.ids)
                mask[row, : len(e.ids)] = 1
                if types is not None and e.types:
                    types[row, : len(e.types)] = torch.tensor(e.types)
            inputs = {"input_ids": ids.to(self.device), "attention_mask": mask.to(self.device)}
            if types is not None:
                inputs["token_type_ids"] = types.to(self.device)
            with torch.no_grad():
                logits = self.loaded()(**inputs).logits.float().cpu()
            column = 0 if logits.shape[-1] == 1 else self.label
            for row, k in enumerate(group):
                v = float(logits[row, column])
                if v != v or v in (float("inf"), float("-inf")):
                    raise Failure("model", f"the model returned {v} for this request", k)
                scores[k] = v
            padded += len(group) * width
        return {
            "scores": scores,
            "facts": [e.facts for e in encoded],
            "seconds": time.perf_counter() - started,
            "tokens": sum(len(e.ids) for e in encoded),
            "padded": padded,
        }


def resolve(model, revision):
    from huggingface_hub import snapshot_download

    patterns = ["*.json", "*.jinja", "*.safetensors", "*.bin", "*.model", "*.txt", "*.py", "*.tiktoken"]
    try:
        return snapshot_download(model, revision=revision, allow_patterns=patterns)
    except Exception as err:
        raise Failure("usage", f"could not get {model}{'@' + revision if revision else ''} from the Hugging Face Hub: {err}")


def handle(frame, state):
    op = frame.get("op")
    if op == "init":
        need_packages()
        options = frame.get("options", {})
        if options.get("causal"):
            from .causal import CausalScorer

            state["scorer"] = CausalScorer(frame["model"], options, Failure)
        else:
            state["scorer"] = Scorer(frame["model"], options)
        return {"info": state["scorer"].info}
    if op == "resolve":
        need_packages()
        return {"dir": resolve(frame["model"], frame.get("revision"))}
    scorer = state.get("scorer")
    if scorer is None:
        raise Failure("usage", f"op {op!r} before init")
    causal = getattr(scorer, "causal", False)
    if (op in ("encode", "logprobs")) != causal and op in ("encode", "logprobs", "score", "tokenize"):
        raise Failure("usage", f"op {op!r} is for {'reward models' if causal else 'causal LMs'}; this model is {'a causal LM' if causal else 'a reward model'}")
    if op == "encode":
        return scorer.encode(frame["requests"])
    if op == "logprobs":
        return scorer.logprobs(frame["rows"])
    if op == "score":
        return scorer.score(frame["requests"])
    if op == "tokenize":
        return {"facts": [e.facts for e in scorer.encode(frame["requests"])]}
    raise Failure("usage", f"unknown op {op!r}")


def main():
    state = {}
    for line in sys.stdin:
        if not line.strip():
            continue
        frame = json.loads(line)
        try:
            answer = handle(frame, state)
        except Failure as f:
            answer = {"error": str(f), "kind": f.kind, **({"index": f.index} if f.index is not None else {})}
        except Exception as err:  # a bug or a model that fails: the run stops with exit 3 and this text
            answer = {"error": f"{type(err).__name__}: {err}", "kind": "model"}
        send({"id": frame.get("id"), **answer})
    os._exit(0)
