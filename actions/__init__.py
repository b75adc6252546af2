"""Kintsugi's Rasa SDK custom actions. Each module holds the actions for one concern."""
