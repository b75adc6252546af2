"""`python -m bot.evaluate`: intent quality and topic selection of the current model, on
held-out sets never trained on."""

from bot.quality.intents import CONTRACT_INTENTS, contract_macro_f1, evaluate_model, format_report
from bot.quality.topics import evaluate_topics, format_topic_report
from bot.settings import load_settings
from bot.setup.training import model_path
from bot.topics.library import load_library


def main() -> None:
    model = model_path(load_settings().models_dir)
    report = evaluate_model(model)
    print(format_report(report))
    print(f"contract-intent macro F1: {contract_macro_f1(report, CONTRACT_INTENTS):.3f}")
    print()
    print(format_topic_report(evaluate_topics(model, load_library())))


if __name__ == "__main__":
    main()
