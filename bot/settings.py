"""One settings object, read from the environment once, with defaults that work on a laptop."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise SystemExit(f"{name} must be a whole number, got {raw!r}") from error


def _positive_int_env(name: str, default: int) -> int:
    value = _int_env(name, default)
    if value < 1:
        raise SystemExit(f"{name} must be 1 or more, got {value}")
    return value


def _web_address_env(name: str, default: str) -> str:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    # The page navigates to it: anything but a web address (javascript:, data:) is refused.
    if not raw.startswith(("https://", "http://")):
        raise SystemExit(f"{name} must be an http(s) address, got {raw!r}")
    return raw


@dataclass(frozen=True)
class Settings:
    """Everything Kintsugi can be configured with; see the README for each variable."""

    rasa_port: int = 5005
    rasa_host: str = "127.0.0.1"  # where Rasa listens; a deployment behind a proxy sets 0.0.0.0
    web_port: int = 8080
    web_host: str = "127.0.0.1"
    public_rasa_url: str = ""  # where browsers reach Rasa; empty: localhost on rasa_port
    actions_port: int = 5055
    actions_host: str = "127.0.0.1"
    api_token: str = ""
    api_token_generated: bool = False
    tracker_db_url: str = ""
    db_url: str = ""
    cors_origins: tuple[str, ...] = ()
    debug: bool = False
    var_dir: Path = field(default=PROJECT_ROOT / "var")
    # Telegram is on when the token is set (bot/channels/credentials_file.py checks the rest).
    telegram_token: str = ""
    telegram_bot_name: str = ""
    telegram_webhook_url: str = ""
    telegram_api_url: str = ""  # empty: Telegram's own Bot API
    telegram_secret: str = ""  # required with a token: one for the whole deployment
    # For someone whose partner may see the screen: where the quick-exit button goes, and the
    # tab title of the chat and crisis pages (what the browser's history shows).
    quick_exit_url: str = "https://www.bbc.co.uk/weather"
    page_title: str = "Notes"
    # Retention (bot/retention.py, run by `python -m bot.run`): conversations and people idle
    # this long are erased, checked this often.
    retention_days: int = 180
    retention_check_minutes: int = 60

    @property
    def spacy_model_dir(self) -> Path:
        # Fixed, because config.yml names this path for Rasa's SpacyNLP.
        return PROJECT_ROOT / "var" / "spacy" / "en_kintsugi"

    @property
    def models_dir(self) -> Path:
        return PROJECT_ROOT / "models"

    @property
    def browser_rasa_url(self) -> str:
        """Where the chat page's browser reaches Rasa: configured, never taken from a request."""
        return self.public_rasa_url or f"http://localhost:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://{self.actions_host}:{self.actions_port}/webhook"


def load_settings() -> Settings:
    """Reads KINTSUGI_* variables; makes a random API token when none is given."""
    var_dir = Path(os.environ.get("KINTSUGI_VAR_DIR", PROJECT_ROOT / "var")).resolve()
    token = os.environ.get("KINTSUGI_API_TOKEN", "").strip()
    generated = not token
    if generated:
        token = secrets.token_urlsafe(24)
    web_port = _int_env("KINTSUGI_WEB_PORT", 8080)
    # By default only Kintsugi's own page may call the API and open the socket.
    origins = os.environ.get(
        "KINTSUGI_CORS_ORIGINS", f"http://localhost:{web_port},http://127.0.0.1:{web_port}"
    )
    return Settings(
        rasa_port=_int_env("KINTSUGI_RASA_PORT", 5005),
        rasa_host=os.environ.get("KINTSUGI_RASA_HOST", "127.0.0.1"),
        web_port=web_port,
        web_host=os.environ.get("KINTSUGI_WEB_HOST", "127.0.0.1"),
        public_rasa_url=_web_address_env("KINTSUGI_PUBLIC_RASA_URL", "").rstrip("/"),
        actions_port=_int_env("KINTSUGI_ACTIONS_PORT", 5055),
        actions_host=os.environ.get("KINTSUGI_ACTIONS_HOST", "127.0.0.1"),
        api_token=token,
        api_token_generated=generated,
        tracker_db_url=os.environ.get("KINTSUGI_TRACKER_DB_URL", f"sqlite:///{var_dir / 'tracker.db'}"),
        db_url=os.environ.get("KINTSUGI_DB_URL", f"sqlite:///{var_dir / 'kintsugi.db'}"),
        cors_origins=tuple(o.strip() for o in origins.split(",") if o.strip()),
        debug=os.environ.get("KINTSUGI_DEBUG", "") not in ("", "0", "false"),
        var_dir=var_dir,
        telegram_token=os.environ.get("KINTSUGI_TELEGRAM_TOKEN", "").strip(),
        telegram_bot_name=os.environ.get("KINTSUGI_TELEGRAM_BOT_NAME", "").strip().lstrip("@"),
        telegram_webhook_url=os.environ.get("KINTSUGI_TELEGRAM_WEBHOOK_URL", "").strip(),
        telegram_api_url=os.environ.get("KINTSUGI_TELEGRAM_API_URL", "").strip().rstrip("/"),
        telegram_secret=os.environ.get("KINTSUGI_TELEGRAM_SECRET", "").strip(),
        quick_exit_url=_web_address_env("KINTSUGI_QUICK_EXIT_URL", Settings.quick_exit_url),
        page_title=os.environ.get("KINTSUGI_PAGE_TITLE", "").strip() or Settings.page_title,
        retention_days=_positive_int_env("KINTSUGI_RETENTION_DAYS", Settings.retention_days),
        retention_check_minutes=_positive_int_env(
            "KINTSUGI_RETENTION_CHECK_MINUTES", Settings.retention_check_minutes
        ),
    )
