"""The learned risk model: does a message show risk, and of which type?

Features are the message's MiniLM sentence vector (bot/embeddings) beside word and
character n-grams, so both meaning ("tying up loose ends") and the telling words
("lol", "not literally", "jk") count. One multinomial logistic regression over
none + the five risk types. Chosen by measurement (README, "The learned risk model"):
on 5-fold cross-validation of the training set it beat the sentence vector alone and a
small neural network at every recall level.

The model is trained by the set-up from data/safety/training/ (`python -m
bot.safety.train_risk_model`) and saved under var/models/ with a fingerprint of its inputs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from bot.embeddings.encoder import SentenceEncoder, default_encoder
from bot.embeddings.linear_scores import LinearScores
from bot.embeddings.text_features import TextFeatures
from bot.safety.risk_data import LABELS, RISK_TYPES, LabelledText
from bot.settings import PROJECT_ROOT

MODEL_DIR = PROJECT_ROOT / "var" / "models"
MODEL_VERSION = "2"  # bump when the features or the classifier change


@dataclass(frozen=True)
class RiskScore:
    probability: float  # that the message shows any risk: 1 - P(none)
    risk_type: str  # the most likely risk type
    type_share: float  # that type's share of the risk probability

    @classmethod
    def from_probabilities(cls, probabilities: np.ndarray) -> RiskScore:
        risk = probabilities[1:]
        total = float(risk.sum())
        best = int(risk.argmax())
        return cls(total, RISK_TYPES[best], float(risk[best] / total) if total else 0.0)


class RiskModel:
    def __init__(self, features: TextFeatures, classifier, encoder: SentenceEncoder) -> None:  # noqa: ANN001
        self._text_features, self._classifier = features, classifier
        self._encoder = encoder

    @cached_property
    def _scores(self) -> LinearScores:  # built on first use: after `fit` when just trained
        return LinearScores(self._classifier)

    def _features(self, texts: list[str], vectors: np.ndarray | None = None):  # noqa: ANN202 - sparse matrix
        vectors = self._encoder.encode(texts) if vectors is None else vectors
        return self._text_features.transform(texts, vectors)

    def score(self, text: str, vector: np.ndarray | None = None) -> RiskScore:
        """`vector`: the message's sentence vector when the NLU pipeline already has it."""
        features = self._features([text], None if vector is None else vector[None, :])
        return RiskScore.from_probabilities(self._scores.predict_proba(features)[0])

    def score_many(self, texts: list[str]) -> list[RiskScore]:
        probabilities = self._scores.predict_proba(self._features(texts))
        return [RiskScore.from_probabilities(row) for row in probabilities]


def train(examples: list[LabelledText], encoder: SentenceEncoder | None = None) -> RiskModel:
    """Fits the vectorizers and the classifier on `examples` (a minute or two for ~9,000)."""
    from sklearn.linear_model import LogisticRegression

    encoder = encoder or default_encoder()
    texts = [example.text for example in examples]
    labels = np.array([LABELS.index(example.label) for example in examples])
    model = RiskModel(TextFeatures().fit(texts), LogisticRegression(C=4, max_iter=3000), encoder)
    model._classifier.fit(model._features(texts, encode_in_batches(encoder, texts)), labels)
    return model


def encode_in_batches(encoder: SentenceEncoder, texts: list[str], batch: int = 32) -> np.ndarray:
    """Sentence vectors for many texts, batched by length so little padding is computed."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    vectors = np.zeros((len(texts), encoder.dimensions), np.float32)
    for start in range(0, len(order), batch):
        chunk = order[start : start + batch]
        vectors[chunk] = encoder.encode([texts[i] for i in chunk])
    return vectors


def fingerprint(examples: list[LabelledText] | None = None) -> str:
    """A hash of what the model learns from (texts and labels) and the model version: a change
    means training again; an edit that leaves the examples as they were does not."""
    from bot.safety.risk_data import load_training_set

    digest = hashlib.sha256(f"risk-model={MODEL_VERSION}".encode())
    for example in examples if examples is not None else load_training_set():
        digest.update(f"{example.label}\t{example.text}\n".encode())
    return digest.hexdigest()[:16]


def model_file(model_dir: Path = MODEL_DIR) -> Path:
    return model_dir / f"risk-model-{fingerprint()}.joblib"


def save(model: RiskModel, target: Path) -> None:
    import joblib

    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    joblib.dump({"features": model._text_features, "classifier": model._classifier}, partial)
    partial.replace(target)
    for old in target.parent.glob("risk-model-*.joblib"):
        if old != target:
            old.unlink()  # keep only the model that matches the training files


def load(path: Path, encoder: SentenceEncoder | None = None) -> RiskModel:
    import joblib

    parts = joblib.load(path)
    return RiskModel(parts["features"], parts["classifier"], encoder or default_encoder())


@lru_cache(maxsize=1)
def default_risk_model() -> RiskModel:
    """The model for the current training files, trained first if the set-up has not done it."""
    from bot.safety.risk_data import load_training_set

    path = model_file()
    if not path.exists():
        save(train(load_training_set()), path)
    return load(path)
