"""How a score request becomes token ids: RewardBench's classifier pipeline, made exact.

- Template form (the tokenizer has a chat template): the conversation plus the response as the
  assistant's turn is rendered, then tokenized with the tokenizer's special tokens; when that
  starts with BOS twice (the template wrote one), the first is dropped, which is what
  RewardBench's masking of the duplicate amounts to.
- Pair form (encoders without a template): prompt (messages joined by blank lines) and response
  as a text pair, with special tokens.
- Truncation keeps the response: `start` (default) keeps the leading special tokens (BOS, [CLS])
  and the last tokens; `end` keeps the first max_length - 1 and the last one (the old default).

The TypeScript encoder (src/adapters/local/text.ts) implements the same rules with
transformers.js; the parity fixtures hold both to transformers' own tokenizer.
"""

from dataclasses import dataclass
from typing import List, Optional

SENTINEL = "RGSENTINEL7Q"


class TemplateError(Exception):
    """The chat template refused a conversation (Gemma's raises on a system message)."""


@dataclass
class Encoded:
    ids: List[int]
    types: Optional[List[int]]
    # [tokens before truncation, truncated, doubled BOS, missing end (-1 = none expected), response cut]
    facts: List[int]


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _common_suffix(a: str, b: str, limit: int) -> int:
    n = min(len(a), len(b)) - limit
    i = 0
    while i < n and a[-1 - i] == b[-1 - i]:
        i += 1
    return i


class Encoder:
    def __init__(self, tokenizer, form: str, max_length: int, truncate: str = "start", chat_template: Optional[str] = None):
        self.tok = tokenizer
        self.form = form
        self.max_length = max_length
        self.truncate = truncate
        self.chat_template = chat_template
        self.special = {i for i, t in tokenizer.added_tokens_decoder.items() if t.special}
        if form == "template":
            self._render([{"role": "user", "content": "x"}, {"role": "assistant", "content": "y"}])
        self.expected_end = self._expected_end()

    def _render(self, messages) -> str:
        try:
            text = self.tok.apply_chat_template(messages, tokenize=False, add_generation_prompt=False, chat_template=self.chat_template)
        except Exception as err:  # jinja2 errors and raise_exception() alike
            raise TemplateError(str(err)) from err
        if not isinstance(text, str):
            raise TemplateError("the chat template did not render to text")
        return text

    def _expected_end(self) -> List[int]:
        """The special tokens a correctly encoded request ends with (the template's end of turn, or [SEP])."""
        if self.form == "pair":
            tail = self.tok("x", SENTINEL)["input_ids"][-2:]
        else:
            text = self._render([{"role": "user", "content": "x"}, {"role": "assistant", "content": SENTINEL}])
            after = text[text.rindex(SENTINEL) + len(SENTINEL):]
            tail = self.tok(after, add_special_tokens=False)["input_ids"] if after else []
        unk = self.tok.unk_token_id
        return [i for i in tail if i in self.special and i != unk]

    def expected_end_tokens(self) -> List[str]:
        return [self.tok.convert_ids_to_tokens(i) for i in self.expected_end]

    def _tokens(self, request):
        """Ids, segment ids and the response's token span [start, end) before truncation."""
        response = request["response"]
        if self.form == "pair":
            prompt = "\n\n".join(m["content"] for m in request["messages"])
            enc = self.tok(prompt, response, add_special_tokens=True, return_token_type_ids=None)
            seq = enc.sequence_ids()
            span = [k for k, s in enumerate(seq) if s == 1]
            types = enc.get("token_type_ids")
            return list(enc["input_ids"]), (list(types) if types is not None else None), (span[0], span[-1] + 1) if span else (len(seq), len(seq))
        messages = list(request["messages"])
        text = self._render(messages + [{"role": "assistant", "content": response}])
        probe = self._render(messages + [{"role": "assistant", "content": SENTINEL}])
        start = _common_prefix(text, probe)
        end = len(text) - _common_suffix(text, probe, start)
        enc = self.tok(text, add_special_tokens=True, return_offsets_mapping=True)
        ids = list(enc["input_ids"])
        inside = [k for k, (a, b) in enumerate(enc["offset_mapping"]) if b > a and a < end and b > start and ids[k] not in self.special]
        span = (inside[0], inside[-1] + 1) if inside else (len(ids), len(ids))
        bos = self.tok.bos_token_id
        if bos is not None and len(ids) >= 2 and ids[0] == bos and ids[1] == bos:
            ids = ids[1:]
            span = (max(0, span[0] - 1), max(0, span[1] - 1))
        return ids, None, span

    def encode(self, request) -> Encoded:
        ids, types, (rs, re) = self._tokens(request)
        n = len(ids)
        m = self.max_length
        cut = False
        if n > m:
            if self.truncate == "end":
                keep = lambda xs: xs[: m - 1] + xs[-1:]
                dropped = (m - 1, n - 1)
            else:
                h = 0
                while h < n and ids[h] in self.special:
                    h += 1
                h = min(h, m - 1)
                keep = lambda xs: xs[:h] + xs[n - (m - h):]
                dropped = (h, n - (m - h))
            cut = re > rs and rs < dropped[1] and re > dropped[0]
            ids = keep(ids)
            types = keep(types) if types is not None else None
        bos = self.tok.bos_token_id
        doubled = bos is not None and len(ids) >= 2 and ids[0] == bos and ids[1] == bos
        end = self.expected_end
        tail = ids[-(len(end) + 2):]
        missing = -1 if not end else int(not all(i in tail for i in end))
        return Encoded(ids, types, [n, int(n > m), int(doubled), missing, int(cut)])
