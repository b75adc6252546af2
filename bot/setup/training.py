"""Trains the Rasa model only when the training data, domain or config changed.

The model's file name carries a fingerprint of everything that goes into training, so
"is there a model for this fingerprint?" is the whole check: no Rasa import, no wait.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path
from typing import IO

from bot.settings import PROJECT_ROOT
from bot.setup.spacy_pipeline import PIPELINE_VERSION
from bot.topics.rasa_data import GENERATED_DIR, write_rasa_data

TRAINING_INPUTS = ("config.yml", "domain.yml", "data/nlu", "data/rules", "data/stories", "data/topics")
# What `rasa train` and `rasa data validate` read: the topics as Rasa data, made from data/topics.
TRAINING_DATA = ("data/nlu", "data/rules", "data/stories", GENERATED_DIR)
MODEL_PREFIX = "kintsugi-"


def _input_files(root: Path) -> list[Path]:
    files: list[Path] = []
    for name in TRAINING_INPUTS:
        path = root / name
        files += sorted(path.rglob("*.yml")) if path.is_dir() else [path]
    return files


def fingerprint(root: Path = PROJECT_ROOT) -> str:
    """A short hash of every training input, plus the spaCy pipeline and Rasa versions."""
    digest = hashlib.sha256(f"pipeline={PIPELINE_VERSION}".encode())
    for path in _input_files(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def model_path(models_dir: Path, root: Path = PROJECT_ROOT) -> Path:
    return models_dir / f"{MODEL_PREFIX}{fingerprint(root)}.tar.gz"


def train_if_needed(models_dir: Path, root: Path = PROJECT_ROOT, output: IO | None = None) -> Path:
    """Returns the model for the current inputs, training it first when it is missing.

    `output`: where Rasa's training output goes (default: this process's stdout and stderr).
    """
    target = model_path(models_dir, root)
    if target.exists():
        print(f"==> model up to date: {target.relative_to(root)}")
        return target
    where = "below" if output is None else f"in {getattr(output, 'name', 'the given output')}"
    print(f"==> training the model (a few minutes; progress {where})", flush=True)
    write_rasa_data(root)
    command = [
        sys.executable, "-m", "rasa", "train",
        "--config", "config.yml", "--domain", "domain.yml",
        "--data", *TRAINING_DATA,
        "--out", str(models_dir), "--fixed-model-name", target.name.removesuffix(".tar.gz"),
    ]  # fmt: skip
    subprocess.run(command, cwd=root, check=True, stdout=output, stderr=output)
    for old in models_dir.glob(f"{MODEL_PREFIX}*.tar.gz"):
        if old != target:
            old.unlink()  # keep one model: the one that matches the inputs
    return target
