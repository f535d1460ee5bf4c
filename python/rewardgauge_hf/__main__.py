"""python -m rewardgauge_hf worker | export SRC --out OUT [--layout onnx|ort] [--external-data] [--position-ids]"""

import argparse
import json
import sys


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m rewardgauge_hf")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("worker", help="score over framed JSON lines on stdin/stdout (the hf: adapter starts it)")
    ex = sub.add_parser("export", help="export a sequence-classification checkpoint to the onnx:/ort: layout")
    ex.add_argument("src")
    ex.add_argument("--out", required=True)
    ex.add_argument("--layout", choices=["auto", "onnx", "ort"], default="auto")
    ex.add_argument("--external-data", action="store_true", default=None)
    ex.add_argument("--trust-remote-code", action="store_true")
    ex.add_argument("--position-ids", action="store_true", help="causal LMs: take position_ids as a graph input, as optimum exports some families")
    args = parser.parse_args(argv)
    if args.command == "worker":
        from .worker import main as worker

        worker()
        return
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
        import onnx  # noqa: F401
    except ImportError as err:
        print(json.dumps({"error": f"{sys.executable} has no {err.name}; install with: {sys.executable} -m pip install torch transformers onnx", "kind": "missing"}))
        sys.exit(2)
    from transformers import AutoConfig

    from .export import export
    from .export_causal import export_causal, is_causal

    # A causal LM (config.json names a *ForCausalLM) keeps its LM head: dpo: reads its token log-probabilities.
    if is_causal(AutoConfig.from_pretrained(args.src, trust_remote_code=args.trust_remote_code)):
        result = export_causal(args.src, args.out, args.external_data, args.position_ids, args.trust_remote_code)
    else:
        result = export(args.src, args.out, args.layout, args.external_data, args.trust_remote_code)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
