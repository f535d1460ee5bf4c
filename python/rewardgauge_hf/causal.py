"""The `hf:` worker's causal LMs: token log-probabilities for `dpo:` (AutoModelForCausalLM).

  encode    {"requests": [...]}                    -> {"rows": [{"ids", "responseStart", "stepEnds"?}, ...]}
  logprobs  {"rows": [{"ids", "responseStart"}]}   -> {"logprobs": [[...], ...], "seconds", "tokens", "padded"}

`encode` is RewardBench's DPO tokenization (rewardbench/dpo.py tokenize_row, build_tokenized_answer;
scripts/run_dpo.py), untruncated (dpo: truncates): [BOS] + tokens(prompt + answer) + [EOS], the
prompt rendered without a generation prompt, the answer being the rest of the rendered
conversation; BOS is the tokenizer's, else its EOS. With steps, step ends come from the fast
tokenizer's offsets: a token belongs to the step its first character is in (a step owns the
newline after it), the first step starts at the first token reaching into the response's text and
the last keeps everything after it. The TypeScript encoder (src/adapters/local/causal-encoder.ts)
does the same with transformers.js; scripts/parity/dpo_reference.py holds both to transformers.
"""

import time

SENTINEL = "RGSENTINEL7Q"
LOGITS_BUDGET = 2**28


class CausalScorer:
    causal = True

    def __init__(self, model_dir, o, failure):
        import torch
        from transformers import AutoTokenizer

        self.torch, self.Failure = torch, failure
        self.device = o.get("device", "cpu")
        if self.device == "cuda" and not torch.cuda.is_available():
            raise failure("usage", f"device cuda was asked for, but torch {torch.__version__} sees no CUDA device; use ?device=cpu")
        self.trust = bool(o.get("trustRemoteCode", False))
        try:
            self.tok = AutoTokenizer.from_pretrained(model_dir, trust_remote_code=self.trust)
        except Exception as err:
            raise failure("usage", f"{model_dir}: transformers could not load the tokenizer: {err}")
        self.template = o.get("chatTemplate")
        if self.template is None and not getattr(self.tok, "chat_template", None):
            raise failure("usage", f"{model_dir}: a causal LM scored by dpo: needs a chat template (chat_template.jinja or tokenizer_config.json); give one with ?chatTemplate=FILE")
        if self.tok.eos_token_id is None:
            raise failure("usage", f"{model_dir}: the tokenizer has no EOS token, which RewardBench's DPO tokenization appends to every response")
        self.bos = self.tok.bos_token_id if self.tok.bos_token is not None else self.tok.eos_token_id
        self.dtype = getattr(torch, o.get("dtype", "float32"))
        self.attn = o.get("attn")
        self.model_dir, self.model = model_dir, None
        # The logits of a batch are rows x width x vocab floats: at most LOGITS_BUDGET of them (1 GiB of
        # float32), so a 128k vocabulary runs 2048 tokens a batch instead of the reward models' 16384.
        from transformers import AutoConfig

        vocab = getattr(AutoConfig.from_pretrained(model_dir, trust_remote_code=self.trust), "vocab_size", None) or 1
        self.budget = max(1, min(int(o.get("tokenBudget", 16384)), LOGITS_BUDGET // vocab))
        self.max_batch = int(o.get("maxBatch", 64))
        self.info = {
            "device": self.device,
            "deviceName": torch.cuda.get_device_name(0) if self.device == "cuda" else None,
            "dtype": str(self.dtype).replace("torch.", ""),
            "torch": torch.__version__,
            "transformers": __import__("transformers").__version__,
            "form": "causal",
            "maxLength": 0,
            "numLabels": 0,
            "padTokenId": self.tok.eos_token_id,
            "modelType": "causal",
            "expectedEnd": [],
        }

    def loaded(self):
        if self.model is None:
            from transformers import AutoModelForCausalLM

            extra = {"attn_implementation": self.attn} if self.attn else {}
            try:
                model = AutoModelForCausalLM.from_pretrained(self.model_dir, dtype=self.dtype, trust_remote_code=self.trust, **extra)
            except Exception as err:
                raise self.Failure("usage", f"{self.model_dir}: transformers could not load a causal LM: {err}")
            self.model = model.to(self.device).eval()
        return self.model

    def _render(self, messages, k):
        try:
            return self.tok.apply_chat_template(messages, tokenize=False, chat_template=self.template)
        except Exception as err:
            raise self.Failure("usage", f"the chat template rejects this conversation: {err}", k)

    def _encode(self, r, k):
        messages = list(r["messages"])
        prompt = self._render(messages, k)
        text = self._render(messages + [{"role": "assistant", "content": r["response"]}], k)
        if not text.startswith(prompt):
            raise self.Failure("usage", "the chat template renders this conversation differently when a response follows, so the response's tokens cannot be told from the prompt's", k)
        whole = prompt + text.replace(prompt, "")
        prompt_ids = self.tok(prompt, add_special_tokens=False)["input_ids"]
        enc = self.tok(whole, add_special_tokens=False, return_offsets_mapping=True)
        full = list(enc["input_ids"])
        start = len(prompt_ids) - (0 if full[: len(prompt_ids)] == prompt_ids else 1)
        ids = [self.bos] + full + [self.tok.eos_token_id]
        steps = (r.get("context") or {}).get("steps")
        if not steps:
            return {"ids": ids, "responseStart": 1 + start}
        if "\n".join(steps) != r["response"]:
            raise self.Failure("usage", 'the steps joined with "\\n" are not the response', k)
        if whole != text:
            raise self.Failure("usage", "the prompt's text occurs again in this request, so its steps cannot be placed", k)
        probe = self._render(messages + [{"role": "assistant", "content": SENTINEL}], k)
        cs = 0
        while cs < min(len(text), len(probe)) and text[cs] == probe[cs]:
            cs += 1
        tail = 0
        while tail < min(len(text), len(probe)) - cs and text[-1 - tail] == probe[-1 - tail]:
            tail += 1
        ce = len(text) - tail
        lead = r["response"].find(text[cs:ce])
        if lead < 0:
            raise self.Failure("usage", "the chat template changes the response's text, so its steps cannot be placed", k)
        offsets = enc["offset_mapping"]
        first = next((j for j, (_, e) in enumerate(offsets) if e > cs), len(offsets))
        ends, at = [], 0
        for s in steps[:-1]:
            at += len(s) + 1
            p = min(max(cs + at - lead, cs), ce)
            ends.append(1 + sum(1 for a, _ in offsets if a < p))
        return {"ids": ids, "responseStart": 1 + first, "stepEnds": ends + [len(ids)]}

    def encode(self, requests):
        return {"rows": [self._encode(r, k) for k, r in enumerate(requests)]}

    def logprobs(self, rows):
        """log p(ids[t] | ids[:t]) for t >= responseStart: float logits, log-softmax in float64, longest rows first in token-budget batches."""
        torch = self.torch
        model = self.loaded()
        out = [None] * len(rows)
        order = sorted(range(len(rows)), key=lambda k: -len(rows[k]["ids"]))
        started, padded, i = time.perf_counter(), 0, 0
        while i < len(order):
            width = len(rows[order[i]]["ids"])
            n = max(1, min(self.max_batch, self.budget // max(1, width)))
            group = order[i : i + n]
            i += n
            ids = torch.full((len(group), width), self.tok.eos_token_id, dtype=torch.long)
            mask = torch.zeros((len(group), width), dtype=torch.long)
            for row, k in enumerate(group):
                seq = rows[k]["ids"]
                ids[row, : len(seq)] = torch.tensor(seq)
                mask[row, : len(seq)] = 1
            with torch.no_grad():
                logits = model(input_ids=ids.to(self.device), attention_mask=mask.to(self.device)).logits
                padded += len(group) * width
                for row, k in enumerate(group):
                    seq, rs = rows[k]["ids"], rows[k]["responseStart"]
                    if not 1 <= rs <= len(seq):
                        raise self.Failure("model", f"responseStart {rs} is outside 1..{len(seq)}", k)
                    # Only the response's positions go to float64: the whole [rows, width, vocab] tensor would double in size.
                    lp = torch.log_softmax(logits[row, rs - 1 : len(seq) - 1].float().double(), dim=-1)
                    out[k] = lp.gather(1, torch.tensor(seq[rs:], device=lp.device).unsqueeze(1)).squeeze(1).cpu().tolist()
                    if not all(v == v and abs(v) != float("inf") for v in out[k]):
                        raise self.Failure("model", "the model returned a log-probability that is not finite", k)
        return {"logprobs": out, "seconds": time.perf_counter() - started, "tokens": sum(len(r["ids"]) for r in rows), "padded": padded}
