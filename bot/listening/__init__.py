"""Listening: what people say about what happened, reflected back to them."""
