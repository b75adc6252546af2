"""Data validation and intent quality, computed on the real trained model."""

import subprocess

from bot.quality.intents import HELDOUT_FILE, evaluate_model, format_report, load_heldout
from bot.settings import PROJECT_ROOT
from bot.validate import VALIDATE_COMMAND

CONTRACT_INTENTS = {
    "disclosure", "hurt", "apology", "reassurance", "request_exercise", "plan_repair", "crisis",
    "greet", "goodbye", "affirm", "deny", "bot_challenge", "out_of_scope",
}  # fmt: skip
MIN_MACRO_F1 = 0.90


def test_rasa_data_validate_has_no_warnings():
    result = subprocess.run(VALIDATE_COMMAND, cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_heldout_split_covers_every_contract_intent():
    assert CONTRACT_INTENTS <= {intent for _, intent in load_heldout()}


def test_heldout_examples_are_never_trained_on():
    def normalise(text: str) -> str:
        return " ".join("".join(c for c in text.lower() if c.isalnum() or c.isspace()).split())

    training = set()
    for path in (PROJECT_ROOT / "data" / "nlu").glob("*.yml"):
        training |= {normalise(text) for text, _ in load_heldout(path)}
    overlap = [text for text, _ in load_heldout(HELDOUT_FILE) if normalise(text) in training]
    assert overlap == []


def test_heldout_macro_f1_is_at_least_090(trained_model):
    report = evaluate_model(trained_model)
    print(format_report(report))
    assert report.macro_f1 >= MIN_MACRO_F1, format_report(report)
