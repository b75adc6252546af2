"""Sentence embeddings: all-MiniLM-L6-v2 from a PyPI package, run with onnxruntime."""
