"""Rasa graph components of Kintsugi's own (adapters: they call plain Python from bot/)."""
