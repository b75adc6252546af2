"""NLU parse latency: POST /model/parse, one request at a time, on a server with no other load."""

from __future__ import annotations

import itertools
import json
import time
import urllib.parse
import urllib.request
from collections.abc import Iterable

from bot.loadtest.stats import percentile

PARSE_RUNS = 100
WARMUP_RUNS = 10


def parse_once(base_url: str, token: str, text: str) -> float:
    """One parse; its latency in ms. Raises on an HTTP error: this runs on a quiet server."""
    url = f"{base_url}/model/parse?{urllib.parse.urlencode({'token': token})}"
    # A Rasa server reads the query's token; nginx's /api location the header's.
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    request = urllib.request.Request(url, data=json.dumps({"text": text}).encode(), headers=headers)
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def parse_latency(base_url: str, token: str, texts: Iterable[str], runs: int = PARSE_RUNS) -> dict:
    """p50/p95 of `runs` sequential parses cycling through `texts`, after a short warm-up."""
    cycle = itertools.cycle([text for text in texts if not text.startswith("/")])  # no payloads: real NLU
    for _ in range(WARMUP_RUNS):
        parse_once(base_url, token, next(cycle))
    timings = [parse_once(base_url, token, next(cycle)) for _ in range(runs)]
    return {"runs": runs, "p50_ms": percentile(timings, 0.50), "p95_ms": percentile(timings, 0.95)}
