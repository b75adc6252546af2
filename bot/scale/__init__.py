"""Kintsugi scaled out on Rasa's own engine: PostgreSQL, a Redis lock store, N Rasa servers, nginx."""
