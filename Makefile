# Kintsugi: every target calls a script of the project. `make help` lists them.
SHELL := /bin/bash
PY := .venv/bin/python

.PHONY: help setup run scale-demo shell test evaluate safety bench lint validate

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' Makefile | sed -E 's/:.*## /\t/'

setup:  ## install pinned dependencies and the chat widget, build the spaCy pipeline, train if inputs changed
	@bash bot/setup/install.sh
	@bash bot/setup/install_web.sh
	@$(PY) -m bot.setup

run: setup  ## start the action server, the Rasa server (REST, socket.io) and the chat page on :8080
	@$(PY) -m bot.run

scale-demo: setup  ## PostgreSQL, Redis lock store, 2 Rasa servers and the action server behind nginx (:5005)
	@bash bot/setup/test_services.sh
	@$(PY) -m bot.scale

shell: setup  ## chat in the terminal (starts the action server too)
	@$(PY) -m bot.shell

test: setup  ## validate the data and run the whole test suite
	@bash bot/setup/test_services.sh
	@$(PY) -m pytest

evaluate: setup  ## per-intent precision, recall, F1 and confusions on the held-out split
	@$(PY) -m bot.evaluate

safety: setup  ## recall per risk type and false positives of the safety screen
	@$(PY) -m bot.safety_eval

bench: setup  ## micro-benchmarks, then Kintsugi vs stock Rasa under load (BENCH_DURATION=3 for a quick look)
	@bash bot/setup/test_services.sh
	@$(PY) -m bot.bench

validate: setup  ## rasa data validate, failing on any warning
	@$(PY) -m bot.validate

lint: setup  ## ruff check and format check
	@$(PY) -m ruff check . && $(PY) -m ruff format --check .
