"""Idempotent set-up: the spaCy pipeline and the trained model (the .venv comes from install.sh)."""
