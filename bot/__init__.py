"""Kintsugi's own code: settings, set-up, storage and conversation logic that is not a Rasa action."""
