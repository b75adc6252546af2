"""`python -m bot.validate`: Rasa's data validation over exactly the files we train on.

Every warning fails, except the few below that Rasa's validator cannot see past: responses
sent by custom actions or by the policy's fallback, which no story or rule names."""

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
    # Sent by action_acknowledge_disclosure after a reflection (actions/listening.py).
    "The utterance 'utter_acknowledge_disclosure' is not used in any story or rule.",
    # The generated topic data (bot/topics/rasa_data.py) brings `ask` with its responses, and
    # the domain must name it too for the rules that use it.
    "The following duplicated intents have been found across multiple domain files: ask",
    # Sent by custom actions by name: the plan saved only once it is (actions/plans.py), and
    # the answers to "yes" and "no" (actions/offers.py).
    "The utterance 'utter_plan_saved' is not used in any story or rule.",
    "The utterance 'utter_exercise_encourage' is not used in any story or rule.",
    "The utterance 'utter_continue' is not used in any story or rule.",
    "The utterance 'utter_no_pressure' is not used in any story or rule.",
    "The utterance 'utter_reflect_couple' is not used in any story or rule.",
    "The utterance 'utter_exercise_follow_up' is not used in any story or rule.",
    # RulePolicy's core_fallback_action_name in config.yml.
    "The utterance 'utter_ask_rephrase' is not used in any story or rule.",
    "The utterance 'utter_listen_on' is not used in any story or rule.",
}
WARNING = re.compile(r"UserWarning: (.*)")


def validation_problems() -> list[str]:
    """Rasa's validation errors and unexpected warnings; empty when the data is sound."""
    write_rasa_data(PROJECT_ROOT)
    env = {**os.environ, "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
    result = subprocess.run(VALIDATE_COMMAND, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    output = result.stdout + result.stderr
    problems = [w.strip() for w in WARNING.findall(output) if w.strip() not in EXPECTED_WARNINGS]
    if result.returncode != 0:
        problems.append(f"rasa data validate exited {result.returncode}:\n{output[-3000:]}")
    return problems


def main() -> int:
    problems = validation_problems()
    print("\n".join(problems) if problems else "==> training data valid")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
