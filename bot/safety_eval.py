"""`python -m bot.safety_eval [--details] [more.yml ...]`: the safety detector (rules, learned
model and their fusion, as the assistant decides) on the labelled set, on each fresh set, and
on ordinary messages with no risk. The latest fresh set was never tuned on: its figure is the
honest one. Pass more labelled files to measure them too.
"""

import sys
from pathlib import Path

from bot.quality.safety import (
    FRESH_SETS,
    LATEST_UNTOUCHED_SET,
    SAFETY_SET,
    detector_detect,
    evaluate,
    format_safety_report,
    load_ordinary,
    load_safety_set,
)
from bot.safety.detector import default_detector


def main(argv: list[str]) -> None:
    details = "--details" in argv
    paths = [SAFETY_SET, *FRESH_SETS, *(Path(a) for a in argv if a != "--details")]
    detect = detector_detect(default_detector())
    for path in paths:
        note = " (latest untouched: never tuned on)" if path == LATEST_UNTOUCHED_SET else ""
        print(f"== {path.name}{note}")
        print(format_safety_report(evaluate(detect, load_safety_set(path)), details))
    ordinary = evaluate(detect, load_ordinary())
    print(f"== ordinary affair-recovery messages: crisis answer for {len(ordinary.false_alarms)}/"
          f"{ordinary.negatives} = {ordinary.false_positive_rate:.3f}")  # fmt: skip
    if details:
        print("\n".join(f"  false alarm: {m.text}" for m in ordinary.false_alarms))


if __name__ == "__main__":
    main(sys.argv[1:])
