"""`python -m bot.safety.train_risk_model`: the ONNX sentence encoder and the learned risk
model, each made only when missing or when its inputs changed (the set-up runs this)."""

from __future__ import annotations

import time

from bot.embeddings.encoder import ONNX_FILE
from bot.embeddings.minilm_export import export
from bot.safety import risk_model
from bot.safety.risk_data import load_training_set


def ensure_risk_model() -> None:
    if not ONNX_FILE.exists():
        export(ONNX_FILE)
        print(f"==> wrote the sentence encoder to {ONNX_FILE.name}", flush=True)
    target = risk_model.model_file()
    if target.exists():
        print("==> risk model up to date", flush=True)
        return
    started = time.monotonic()
    examples = load_training_set()
    print(f"==> training the risk model on {len(examples)} messages (about five minutes)", flush=True)
    risk_model.save(risk_model.train(examples), target)
    print(f"==> risk model trained in {time.monotonic() - started:.0f} s", flush=True)


if __name__ == "__main__":
    ensure_risk_model()
