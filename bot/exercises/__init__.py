"""The exercise catalogue and the choice of what to suggest. Knows nothing of Rasa."""
