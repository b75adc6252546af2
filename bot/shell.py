"""`python -m bot.shell`: chat in the terminal, with the action server running beside it."""

import subprocess
import sys

from bot.channels.credentials_file import write_credentials_file
from bot.run import action_server_command, server_environment, stop_servers, wait_until_up
from bot.settings import PROJECT_ROOT, load_settings
from bot.setup.training import model_path
from bot.storage.migrate import upgrade


def main() -> None:
    settings = load_settings()
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.db_url)  # as bot.run does: the actions need the schema
    env = server_environment(settings)
    actions = subprocess.Popen(action_server_command(settings), cwd=PROJECT_ROOT, env=env)
    try:
        wait_until_up(f"http://{settings.actions_host}:{settings.actions_port}/health", actions)
        # The same credentials file as bot.run (Telegram's block only when it is on): Rasa
        # stops on the ${KINTSUGI_TELEGRAM_*} placeholders of credentials.yml otherwise.
        credentials = write_credentials_file(settings)
        shell = [sys.executable, "-m", "rasa", "shell", "--model", str(model_path(settings.models_dir)),
                 "--endpoints", "endpoints.yml", "--credentials", str(credentials)]  # fmt: skip
        subprocess.run(shell, cwd=PROJECT_ROOT, env=env)
    except KeyboardInterrupt:
        pass
    finally:
        stop_servers([actions])


if __name__ == "__main__":
    main()
