"""Transformers' reference scores: RewardBench's classifier pipeline, made exact (see README.md).

Written from the rules in README.md, not from python/rewardgauge_hf/encode.py, so that the two
implementations check each other through the fixtures.
"""

import json
import os

import torch

SENTINEL = "RGSENTINEL7Q"


def max_length(folder, config):
    """model_max_length from tokenizer_config.json, capped by the positions the model has."""
    with open(os.path.join(folder, "tokenizer_config.json"), encoding="utf-8") as f:
        declared = json.load(f).get("model_max_length")
    positions = config.max_position_embeddings
    if config.model_type == "roberta":
        # RoBERTa's first position is pad_token_id + 1.
        positions -= config.pad_token_id + 1
    return min(declared, positions) if declared else positions


def _common_prefix(a, b):
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _common_suffix(a, b, floor):
    """Length of the common suffix, never reaching back before `floor` in either string."""
    n = 0
    while n < min(len(a), len(b)) - floor and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


class TemplateRefused(Exception):
    pass


def render(tok, messages):
    try:
        return tok.apply_chat_template(messages, tokenize=False)
    except Exception as err:  # raise_exception() in the template arrives as a jinja2 TemplateError
        raise TemplateRefused(str(err)) from err


def encode_template(tok, request):
    """Ids and the response's token positions (a set) before truncation."""
    messages = list(request["messages"])
    text = render(tok, messages + [{"role": "assistant", "content": request["response"]}])
    probe = render(tok, messages + [{"role": "assistant", "content": SENTINEL}])
    start = _common_prefix(text, probe)
    end = len(text) - _common_suffix(text, probe, start)
    enc = tok(text, add_special_tokens=True, return_offsets_mapping=True)
    ids = list(enc["input_ids"])
    span = {k for k, (a, b) in enumerate(enc["offset_mapping"]) if b > a and a < end and b > start}
    bos = tok.bos_token_id
    if bos is not None and len(ids) > 1 and ids[0] == bos and ids[1] == bos:
        # The template wrote BOS and the tokenizer added another; RewardBench masks the duplicate.
        ids = ids[1:]
        span = {k - 1 for k in span if k > 0}
    return ids, None, span


def encode_pair(tok, request):
    prompt = "\n\n".join(m["content"] for m in request["messages"])
    enc = tok(prompt, request["response"], add_special_tokens=True)
    types = enc.get("token_type_ids")
    span = {k for k, s in enumerate(enc.sequence_ids()) if s == 1}
    return list(enc["input_ids"]), (list(types) if types is not None else None), span


def truncate(ids, types, span, special, limit, mode):
    """(ids, types, response cut?) after keeping `limit` tokens; `mode` start keeps the leading specials and the end."""
    n = len(ids)
    if n <= limit:
        return ids, types, False
    if mode == "end":
        keep = list(range(limit - 1)) + [n - 1]
    else:
        h = 0
        while h < n and ids[h] in special:
            h += 1
        h = min(h, limit - 1)
        keep = list(range(h)) + list(range(n - (limit - h), n))
    kept = set(keep)
    cut = any(k not in kept for k in span)
    return [ids[k] for k in keep], ([types[k] for k in keep] if types is not None else None), cut


@torch.no_grad()
def score(model, ids, types):
    input_ids = torch.tensor([ids], dtype=torch.long)
    extra = {"token_type_ids": torch.tensor([types], dtype=torch.long)} if types is not None else {}
    logits = model(input_ids=input_ids, attention_mask=torch.ones_like(input_ids), **extra).logits
    return float(logits[0, 0].to(torch.float32))


def entries(tok, model, requests, form, limit, mode):
    special = {i for i, t in tok.added_tokens_decoder.items() if t.special}
    out = []
    for r in requests:
        try:
            ids, types, span = (encode_template if form == "template" else encode_pair)(tok, r)
        except TemplateRefused as err:
            out.append({"id": r["id"], "error": str(err)})
            continue
        n = len(ids)
        ids, types, cut = truncate(ids, types, span, special, limit, mode)
        entry = {"id": r["id"], "ids": ids}
        if types is not None:
            entry["tokenTypeIds"] = types
        entry.update({"tokens": n, "truncated": n > limit, "responseCut": cut, "score": score(model, ids, types)})
        out.append(entry)
    return out


def min_gap(doc):
    """The smallest score difference between two requests whose final ids differ (start truncation)."""
    scored = [e for e in doc["scores"] if "score" in e]
    gaps = [abs(a["score"] - b["score"]) for i, a in enumerate(scored) for b in scored[i + 1 :] if a["ids"] != b["ids"]]
    return min(gaps) if gaps else float("inf")


def reference(folder, fixture, requests):
    """reference.json's content for a saved fixture folder, loaded back the way a user loads it."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(folder)
    attn = {"attn_implementation": fixture.attn_implementation} if fixture.attn_implementation else {}
    model = AutoModelForSequenceClassification.from_pretrained(folder, dtype=torch.float32, **attn).eval()
    form = "template" if tok.chat_template else "pair"
    limit = max_length(folder, model.config)
    doc = {
        "fixture": fixture.name,
        "architecture": fixture.architecture,
        "tokenizerFamily": fixture.tokenizer_family,
        "form": form,
        "maxLength": limit,
        "padTokenId": model.config.pad_token_id,
        "attnImplementation": model.config._attn_implementation,
        "scores": entries(tok, model, requests, form, limit, "start"),
    }
    if fixture.truncate_end:
        doc["truncateEnd"] = entries(tok, model, requests, form, limit, "end")
    return doc
