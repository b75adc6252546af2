"""Input channels: Rasa's connectors, extended where Kintsugi needs more."""
