"""`python -m bot.safety_eval`: the safety screen's recall per risk type and false-positive rate."""

from bot.quality.safety import SAFETY_SET, evaluate, format_safety_report, load_safety_set
from bot.safety.screen import default_screen

# Written after the patterns were tuned on the labelled set and never tuned on since: an
# honest estimate of how the screen does on wording it has not seen (not asserted).
FRESH_SET = SAFETY_SET.parent / "safety_fresh.yml"


def main() -> None:
    screen = default_screen()
    print(f"== labelled set ({SAFETY_SET.name}), asserted by the tests")
    print(format_safety_report(evaluate(screen, load_safety_set())))
    print(f"\n== fresh set ({FRESH_SET.name}), not tuned on: generalisation estimate")
    print(format_safety_report(evaluate(screen, load_safety_set(FRESH_SET))))


if __name__ == "__main__":
    main()
