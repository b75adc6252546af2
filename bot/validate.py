"""`python -m bot.validate`: Rasa's data validation over exactly the files we train on.

Every warning fails, except the few below that Rasa's validator cannot see past, and a
response "not used in any story or rule" that the code sends by name (a custom action, the
policy's fallback, a channel): a response nothing sends still fails."""

import ast
import os
import re
import subprocess
import sys

from bot.settings import PROJECT_ROOT
from bot.setup.training import TRAINING_DATA
from bot.topics.rasa_data import write_rasa_data

VALIDATE_COMMAND = [
    sys.executable, "-m", "rasa", "data", "validate",
    "--config", "config.yml", "--domain", "domain.yml",
    "--data", *TRAINING_DATA,
]  # fmt: skip
EXPECTED_WARNINGS = {
    # The topic library's retrieval intent is answered by action_answer_topic (role variants,
    # offers, reflections), never by Rasa's own `utter_ask`.
    "The utterance 'utter_ask' is not used in any story or rule.",
    # The generated topic data (bot/topics/rasa_data.py) brings `ask` with its responses, and
    # the domain must name it too for the rules that use it.
    "The following duplicated intents have been found across multiple domain files: ask",
}
UNUSED_RESPONSE = re.compile(r"The utterance '(utter_\w+)' is not used in any story or rule\.")
CODE_DIRS = ("actions", "bot")
WARNING = re.compile(r"UserWarning: (.*)")


def names_in_code(directories: tuple[str, ...] = CODE_DIRS) -> tuple[set[str], list[re.Pattern]]:
    """Every string the code names, and its f-strings as patterns ("crisis_{risk_type}")."""
    names: set[str] = set()
    patterns: list[re.Pattern] = []
    for directory in directories:
        for path in (PROJECT_ROOT / directory).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    names.add(node.value)
                elif isinstance(node, ast.JoinedStr) and _starts_with_a_name(node):
                    parts = [
                        re.escape(v.value) if isinstance(v, ast.Constant) else r"\w+" for v in node.values
                    ]
                    patterns.append(re.compile("".join(parts)))
    return names, patterns


def _starts_with_a_name(node: ast.JoinedStr) -> bool:
    """f"crisis_{risk_type}" names responses; f"utter_{key}" and f"{count} times" name any."""
    first = node.values[0] if node.values else None
    prefix = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else ""
    return len(prefix) >= 3 and prefix not in ("utter_", "action_")


def sent_by_code(response: str, names: set[str], patterns: list[re.Pattern]) -> bool:
    """Whether a custom action or channel sends the response by name, with or without `utter_`
    (actions/messages.py), which Rasa's validator cannot see."""
    short = response[len("utter_") :]
    return bool({response, short} & names) or any(pattern.fullmatch(short) for pattern in patterns)


def validation_problems() -> list[str]:
    """Rasa's validation errors and unexpected warnings; empty when the data is sound."""
    write_rasa_data(PROJECT_ROOT)
    env = {**os.environ, "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
    result = subprocess.run(VALIDATE_COMMAND, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    output = result.stdout + result.stderr
    names, patterns = names_in_code()
    problems = [
        warning
        for warning in (w.strip() for w in WARNING.findall(output))
        if warning not in EXPECTED_WARNINGS
        and not (
            (unused := UNUSED_RESPONSE.fullmatch(warning)) and sent_by_code(unused.group(1), names, patterns)
        )
    ]
    if result.returncode != 0:
        problems.append(f"rasa data validate exited {result.returncode}:\n{output[-3000:]}")
    return problems


def main() -> int:
    problems = validation_problems()
    print("\n".join(problems) if problems else "==> training data valid")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
