"""The credentials file `rasa run` is given: credentials.yml with only the channels that are switched on.

credentials.yml lists every channel, with `${VAR}` placeholders that Rasa fills from the environment.
Telegram is on only when KINTSUGI_TELEGRAM_TOKEN is set; otherwise its block is left out (Rasa would
refuse the unset placeholders). The written file keeps the placeholders: tokens and secrets stay in the
environment of the server process and never land on disk.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.channels.telegram_api import TELEGRAM_API_URL
from bot.settings import PROJECT_ROOT, Settings
from bot.storage.private_files import make_private_dir, write_private_text
from bot.yaml_files import load_yaml_mapping

CREDENTIALS_FILE = PROJECT_ROOT / "credentials.yml"
TELEGRAM_CHANNELS = ("bot.channels.telegram.KintsugiTelegramInput", "telegram")
# Telegram's rule for setWebhook's secret_token.
WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


def telegram_environment(settings: Settings) -> dict[str, str]:
    """The KINTSUGI_TELEGRAM_* values credentials.yml reads, complete; empty when Telegram is off."""
    if not settings.telegram_token:
        return {}
    if not settings.telegram_webhook_url:
        raise SystemExit(
            "KINTSUGI_TELEGRAM_WEBHOOK_URL must be set when KINTSUGI_TELEGRAM_TOKEN is: the public URL "
            "Telegram posts updates to, ending in /webhooks/telegram/webhook"
        )
    # From configuration, never generated: every replica of a deployment must check updates
    # against the one secret the last setWebhook registered.
    secret = settings.telegram_secret
    if not secret:
        raise SystemExit(
            "KINTSUGI_TELEGRAM_SECRET must be set when KINTSUGI_TELEGRAM_TOKEN is: the webhook's secret, "
            "the same for every server of the deployment (e.g. python -c 'import secrets; "
            "print(secrets.token_urlsafe(32))')"
        )
    if not WEBHOOK_SECRET.fullmatch(secret):
        raise SystemExit("KINTSUGI_TELEGRAM_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
    return {
        "KINTSUGI_TELEGRAM_TOKEN": settings.telegram_token,
        "KINTSUGI_TELEGRAM_BOT_NAME": settings.telegram_bot_name,
        "KINTSUGI_TELEGRAM_WEBHOOK_URL": settings.telegram_webhook_url,
        "KINTSUGI_TELEGRAM_API_URL": settings.telegram_api_url or TELEGRAM_API_URL,
        "KINTSUGI_TELEGRAM_SECRET": secret,
    }


def write_credentials_file(settings: Settings, source: Path = CREDENTIALS_FILE) -> Path:
    """Writes var/credentials.yml from `source`, without the channels that are off; returns its path."""
    channels = load_yaml_mapping(source)
    if not settings.telegram_token:
        channels = {name: config for name, config in channels.items() if name not in TELEGRAM_CHANNELS}
    target = settings.var_dir / "credentials.yml"
    # Owner-only like everything in var/, whichever process writes it (bot.shell and the scale-out
    # set-up do not set bot.run's umask).
    make_private_dir(target.parent)
    header = f"# Written by `python -m bot.run` from {source.name}; edit that file, not this one.\n"
    write_private_text(target, header + yaml.safe_dump(channels, sort_keys=False, default_flow_style=False))
    return target
