"""Measures Kintsugi's quality: intent classification on the held-out split."""
