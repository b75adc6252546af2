"""Turns text into one normalised 384-number vector: MiniLM's hidden states, mean-pooled.

One encoder per process (`default_encoder()`): the NLU pipeline and the safety screen share
it, so a message is embedded once however many parts read its vector.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot.settings import PROJECT_ROOT

ONNX_FILE = PROJECT_ROOT / "var" / "models" / "all-minilm-l6-v2.onnx"
MAX_TOKENS = 128  # the length the model was trained on; longer messages are cut
DIMENSIONS = 384


class SentenceEncoder:
    def __init__(self, onnx_file: Path = ONNX_FILE, threads: int = 1) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        from bot.embeddings.minilm_export import export, package_model_dir

        if not onnx_file.exists():
            export(onnx_file)  # normally done by the set-up; a fresh checkout still works
        self._tokenizer = Tokenizer.from_file(str(package_model_dir() / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = onnxruntime.SessionOptions()
        # One thread: a message is small, and the Rasa server has other work on the other core.
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            str(onnx_file), options, providers=["CPUExecutionProvider"]
        )
        self._lock = threading.Lock()  # the tokenizer's padding settings are shared state

    dimensions = DIMENSIONS

    def token_states(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The last layer's states [texts, tokens, 384] and the mask of real tokens [texts, tokens]."""
        with self._lock:
            encodings = self._tokenizer.encode_batch([text or "" for text in texts])
        ids = np.array([e.ids for e in encodings], np.int64)
        mask = np.array([e.attention_mask for e in encodings], np.int64)
        positions = np.broadcast_to(np.arange(ids.shape[1], dtype=np.int64), ids.shape)
        (hidden,) = self._session.run(
            None, {"input_ids": ids, "attention_mask": mask, "position_ids": np.ascontiguousarray(positions)}
        )
        return hidden, mask

    def encode(self, texts: list[str]) -> np.ndarray:
        """[len(texts), 384] float32, each row of length 1."""
        if not texts:
            return np.zeros((0, DIMENSIONS), np.float32)
        hidden, mask = self.token_states(texts)
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]


@lru_cache(maxsize=1)
def default_encoder() -> SentenceEncoder:
    return SentenceEncoder()
