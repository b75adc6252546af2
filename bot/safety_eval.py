"""`python -m bot.safety_eval`: the safety screen's recall per risk type and false-positive rate.

The labelled set grows by merging fresh sets once the screen has been tuned on them; to
estimate recall on unseen wording, write a new set without reading the patterns and pass
its path: `python -m bot.safety_eval path/to/fresh.yml` (see the README for past results).
"""

import sys
from pathlib import Path

from bot.quality.safety import SAFETY_SET, evaluate, format_safety_report, load_safety_set
from bot.safety.screen import default_screen


def main(argv: list[str]) -> None:
    screen = default_screen()
    for path in [SAFETY_SET, *map(Path, argv)]:
        print(f"== {path}")
        print(format_safety_report(evaluate(screen, load_safety_set(path))))


if __name__ == "__main__":
    main(sys.argv[1:])
