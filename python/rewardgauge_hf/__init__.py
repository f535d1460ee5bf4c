"""rewardgauge's Python side: the `hf:` adapter's worker and the ONNX exporter (`rewardgauge export`)."""
