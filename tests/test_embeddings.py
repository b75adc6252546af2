"""The sentence encoder: the ONNX graph the set-up writes gives the reference model's vectors."""

import numpy as np
import pytest

from bot.embeddings.encoder import DIMENSIONS, default_encoder
from bot.settings import PROJECT_ROOT
from bot.yaml_files import load_yaml_mapping

REFERENCE = load_yaml_mapping(PROJECT_ROOT / "tests" / "data" / "minilm_reference.yml")["sentences"]


@pytest.fixture(scope="module")
def encoder():
    return default_encoder()


@pytest.mark.parametrize("reference", REFERENCE, ids=lambda r: r["text"][:30])
def test_vectors_match_the_reference_implementation(encoder, reference):
    vector = encoder.encode_one(reference["text"])
    assert vector.shape == (DIMENSIONS,)
    assert np.abs(vector - np.array(reference["vector"])).max() < 1e-4


def test_a_batch_of_different_lengths_gives_the_same_vectors_as_one_at_a_time(encoder):
    texts = [r["text"] for r in REFERENCE]
    together = encoder.encode(texts)
    one_by_one = np.array([encoder.encode_one(text) for text in texts])
    assert np.abs(together - one_by_one).max() < 1e-4


def test_empty_and_very_long_texts_still_give_unit_vectors(encoder):
    vectors = encoder.encode(["", "word " * 2000])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
