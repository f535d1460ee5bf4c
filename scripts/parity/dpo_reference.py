"""Reference implicit rewards: RewardBench's DPO inference (rewardbench/dpo.py, scripts/run_dpo.py), made exact.

Written from the rules in README.md ("DPO fixtures"), not from python/rewardgauge_hf/causal.py or the
TypeScript encoder, so that the implementations check each other through the fixtures. Step ends use
the fast tokenizer's offsets; the implementations do not have to (transformers.js has none).
"""

import torch

SENTINEL = "RGSENTINEL7Q"


class Refused(Exception):
    pass


def render(tok, messages):
    try:
        return tok.apply_chat_template(messages, tokenize=False)
    except Exception as err:  # a template's raise_exception() arrives as a jinja2 error
        raise Refused(str(err)) from err


def split(tok, request):
    """(prompt text, answer text): the conversation rendered without and with the response, as RewardBench cuts them."""
    messages = list(request["messages"])
    prompt = render(tok, messages)
    text = render(tok, messages + [{"role": "assistant", "content": request["response"]}])
    if not text.startswith(prompt):
        raise Refused("the chat template renders the conversation differently when a response follows")
    # RewardBench removes every occurrence of the prompt's text (issue 140); normally only the leading one.
    return prompt, text.replace(prompt, "")


def bos_eos(tok):
    """run_dpo.py: a tokenizer without BOS gets its EOS as BOS (Qwen)."""
    return (tok.bos_token_id if tok.bos_token is not None else tok.eos_token_id), tok.eos_token_id


def content_span(tok, request, text):
    """Character span of the response's content in the rendered text: where it differs from the same conversation with a sentinel response."""
    probe = render(tok, list(request["messages"]) + [{"role": "assistant", "content": SENTINEL}])
    a = 0
    while a < min(len(text), len(probe)) and text[a] == probe[a]:
        a += 1
    b = 0
    while b < min(len(text), len(probe)) - a and text[-1 - b] == probe[-1 - b]:
        b += 1
    return a, len(text) - b


def encode(tok, request):
    """{ids, responseStart, stepEnds?} before truncation."""
    prompt, answer = split(tok, request)
    prompt_ids = tok(prompt, add_special_tokens=False)["input_ids"]
    enc = tok(prompt + answer, add_special_tokens=False, return_offsets_mapping=True)
    full = list(enc["input_ids"])
    start = len(prompt_ids)
    if full[:start] != prompt_ids:
        start -= 1  # the prompt's last token merged with the answer's first: it counts as the answer's
    bos, eos = bos_eos(tok)
    out = {"ids": [bos] + full + [eos], "responseStart": 1 + start}
    steps = request.get("steps")
    if steps:
        if "\n".join(steps) != request["response"]:
            raise Refused("the steps joined with newlines are not the response")
        cs, ce = content_span(tok, request, prompt + answer)
        lead = request["response"].find((prompt + answer)[cs:ce])
        if lead < 0:
            raise Refused("the chat template changes the response's text")
        offsets = enc["offset_mapping"]
        # The first step starts at the first token that reaches into the response's text.
        first = next(j for j, (_, e) in enumerate(offsets) if e > cs)
        ends, at = [], 0
        for s in steps[:-1]:
            at += len(s) + 1  # a step owns the newline after it
            p = min(max(cs + at - lead, cs), ce)
            ends.append(1 + sum(1 for (a, _) in offsets if a < p))
        out["responseStart"] = 1 + first
        out["stepEnds"] = ends + [len(out["ids"])]
    return out


def truncate(e, max_length, max_prompt_length):
    """tokenize_row: keep the prompt's last max_prompt_length tokens, then the response's first max_length - max_prompt_length."""
    ids, rs = e["ids"], e["responseStart"]
    steps = e.get("stepEnds")
    # With steps, the assistant header before the first step counts as prompt here too.
    prompt, response = ids[:rs], ids[rs:]
    dropped = 0
    if len(prompt) + len(response) > max_length and len(prompt) > max_prompt_length:
        dropped = len(prompt) - max_prompt_length
        prompt = prompt[dropped:]
    cut = len(prompt) + len(response) > max_length
    if cut:
        if steps is not None:
            raise Refused("truncation cuts the response of a request with steps")
        response = response[: max_length - max_prompt_length]
    out = {"ids": prompt + response, "responseStart": rs - dropped, "truncated": dropped > 0 or cut, "responseCut": cut}
    if steps is not None:
        out["stepEnds"] = [k - dropped for k in steps]
    return out


@torch.no_grad()
def logprobs(model, ids, start):
    """log p(ids[t] | ids[:t]) for t >= start, from float32 logits, log-softmax in float64."""
    logits = model(input_ids=torch.tensor([ids]), attention_mask=torch.ones(1, len(ids), dtype=torch.long)).logits[0].to(torch.float64)
    lp = torch.log_softmax(logits[:-1], dim=-1)
    targets = torch.tensor(ids[1:])
    return lp[torch.arange(len(ids) - 1), targets][start - 1 :].tolist()


def forms(pi, ref):
    """Each form at beta 1: the DPO log-ratio and RewardBench's three reference-free reductions."""
    return {
        "ratio": sum(pi) - sum(ref),
        "sum": sum(pi),
        "avg": sum(pi) / len(pi),
        "norm": -(sum(x * x for x in pi) ** 0.5),
    }


def entry(tok, policy, reference, request, max_length, max_prompt_length):
    try:
        e = encode(tok, request)
        t = truncate(e, max_length, max_prompt_length)
    except Refused as err:
        return {"id": request["id"], "error": str(err)}
    pi = logprobs(policy, t["ids"], t["responseStart"])
    ref = logprobs(reference, t["ids"], t["responseStart"])
    out = {"id": request["id"], "ids": t["ids"], "responseStart": t["responseStart"], "truncated": t["truncated"], "responseCut": t["responseCut"]}
    if "stepEnds" in t:
        out["stepEnds"] = t["stepEnds"]
        bounds = [t["responseStart"]] + t["stepEnds"]
        rs = t["responseStart"]
        out["steps"] = [sum(pi[a - rs : b - rs]) - sum(ref[a - rs : b - rs]) for a, b in zip(bounds, bounds[1:])]
    else:
        out["rewards"] = forms(pi, ref)
    return out
