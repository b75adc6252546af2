"""Behaviour written as Rasa test stories (tests/stories/), checked by `rasa test core
--fail-on-prediction-errors` against the trained model: a story fails at the exact turn."""

import subprocess
import sys
from pathlib import Path

from bot.settings import PROJECT_ROOT

STORIES = PROJECT_ROOT / "tests" / "stories"


def test_every_test_story_is_predicted_exactly(trained_model: Path, tmp_path: Path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "test",
            "core",
            "--model",
            str(trained_model),
            "--stories",
            str(STORIES),
            "--fail-on-prediction-errors",
            "--out",
            str(tmp_path),
        ],  # fmt: skip
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    failed = tmp_path / "failed_test_stories.yml"
    details = failed.read_text() if failed.exists() else result.stdout[-4000:] + result.stderr[-4000:]
    assert result.returncode == 0, details
    assert not failed.exists() or "story:" not in failed.read_text(), details
