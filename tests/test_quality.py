"""Data validation and intent quality, computed on the real trained model."""

from bot.quality.intents import (
    CONTRACT_INTENTS,
    HELDOUT_FILE,
    contract_macro_f1,
    evaluate_model,
    format_report,
    intent_heldout,
    load_heldout,
)
from bot.settings import PROJECT_ROOT
from bot.validate import validation_problems

MIN_MACRO_F1 = 0.90
# The target for the contract intents is 0.95; this floor sits just under the figure
# first measured with the topic library (README, "Quality"), so the target is not met yet.
MIN_CONTRACT_MACRO_F1 = 0.89


def test_rasa_data_validate_has_no_unexpected_warnings():
    assert validation_problems() == []


def test_heldout_split_covers_every_contract_intent():
    assert CONTRACT_INTENTS <= {intent for _, intent in intent_heldout()}


def test_heldout_examples_are_never_trained_on():
    def normalise(text: str) -> str:
        return " ".join("".join(c for c in text.lower() if c.isalnum() or c.isspace()).split())

    training = set()
    for path in (PROJECT_ROOT / "data" / "nlu").glob("*.yml"):
        training |= {normalise(text) for text, _ in load_heldout(path)}
    overlap = [text for text, _ in load_heldout(HELDOUT_FILE) if normalise(text) in training]
    assert overlap == []


def test_heldout_macro_f1_stays_above_its_floors(trained_model):
    report = evaluate_model(trained_model)
    print(format_report(report))
    assert report.macro_f1 >= MIN_MACRO_F1, format_report(report)
    assert contract_macro_f1(report, CONTRACT_INTENTS) >= MIN_CONTRACT_MACRO_F1, format_report(report)
