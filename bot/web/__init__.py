"""Kintsugi's web page: the rasa-webchat widget on Rasa's socket.io channel, served by `python -m bot.web`."""
