"""`python -m bot.validate`: Rasa's data validation over exactly the files we train on."""

import os
import subprocess
import sys

from bot.settings import PROJECT_ROOT

VALIDATE_COMMAND = [
    sys.executable, "-m", "rasa", "data", "validate", "--fail-on-warnings",
    "--config", "config.yml", "--domain", "domain.yml",
    "--data", "data/nlu", "data/rules", "data/stories",
]  # fmt: skip


def main() -> int:
    env = {**os.environ, "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
    return subprocess.run(VALIDATE_COMMAND, cwd=PROJECT_ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
