"""`python -m bot.safety_eval`: the safety screen's recall per risk type and false-positive rate."""

from bot.quality.safety import evaluate, format_safety_report, load_safety_set
from bot.safety.screen import default_screen


def main() -> None:
    print(format_safety_report(evaluate(default_screen(), load_safety_set())))


if __name__ == "__main__":
    main()
