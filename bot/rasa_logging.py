"""Quiet Rasa when it runs inside our own tools: its debug logs print message text."""

import logging


def quiet_rasa_logs() -> None:
    """Rasa's in-process Agent logs every parse and tracker at debug level; keep warnings only."""
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)
