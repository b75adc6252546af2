"""Safety: crisis resources and, later, the risk screen. Knows nothing of Rasa."""
