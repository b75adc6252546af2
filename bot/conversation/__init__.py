"""Conversation logic that knows nothing of Rasa: who is talking, what happened, where they are."""
