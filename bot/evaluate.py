"""`python -m bot.evaluate`: intent quality of the current model on the held-out split."""

from bot.quality.intents import evaluate_model, format_report
from bot.settings import load_settings
from bot.setup.training import model_path


def main() -> None:
    report = evaluate_model(model_path(load_settings().models_dir))
    print(format_report(report))


if __name__ == "__main__":
    main()
