"""Builds Kintsugi's small spaCy pipeline from official packages only: nothing is downloaded.

`spacy.blank("en")` gives the tokenizer; the lookup lemmatizer's tables come from the
`spacy-lookups-data` wheel. Rasa's SpacyNLP then loads the saved folder by path, so the
featurizers can see "hurting", "hurts" and "hurt" as one lemma.
"""

from __future__ import annotations

import shutil
from pathlib import Path

PIPELINE_VERSION = "1"  # bump to rebuild every saved pipeline


def build_pipeline(target: Path) -> bool:
    """Saves the pipeline to `target` unless an up-to-date one is there; returns True if built."""
    stamp = target / "kintsugi-pipeline-version"
    if stamp.exists() and stamp.read_text() == PIPELINE_VERSION:
        return False
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # reads the lookup tables from spacy-lookups-data
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    stamp.write_text(PIPELINE_VERSION)
    return True
