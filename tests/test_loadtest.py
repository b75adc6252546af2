"""The benchmark harness (bot/loadtest): its arithmetic, its reading of /proc, its report and
target checks, and one short drive of a running Kintsugi. No timing is asserted: it is a benchmark."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.loadtest.comparison import Options, measure, parse_options
from bot.loadtest.conversations import KINTSUGI_CONVERSATIONS
from bot.loadtest.driver import reply_error, run_load
from bot.loadtest.kintsugi import EMBEDDED, kintsugi_running, trouble_texts
from bot.loadtest.memory import PeakMemorySampler, peak_rss_kb, process_tree, status_field_kb
from bot.loadtest.parse import parse_latency
from bot.loadtest.plot import plot_results
from bot.loadtest.report import format_table, micro_lines, table_rows, write_json
from bot.loadtest.stats import percentile, ratio
from bot.loadtest.targets import check_targets
from bot.loadtest.training_time import timed_training
from tests.conftest import SERVER_TOKEN


def level(users: int, per_second: float, p50: float, p95: float, errors: int = 0, **kinds: int) -> dict:
    return {
        "users": users, "duration_seconds": 20.0, "messages": int(per_second * 20),
        "messages_per_second": per_second, "errors": errors, "errors_by_kind": kinds,
        "p50_ms": p50, "p95_ms": p95, "p99_ms": p95 * 1.2,
    }  # fmt: skip


def setup_results(levels: list[dict], rasa_peaks: list[float], cached: bool = False) -> dict:
    return {
        "description": "",
        "training": {"seconds": 90.0, "cached": cached},
        "startup_seconds": 12.0,
        "parse": {"runs": 100, "p50_ms": 3.0, "p95_ms": 5.0},
        "levels": levels,
        "memory_mb": {"rasa": rasa_peaks, "action_server": [300.0]},
    }


STOCK = setup_results([level(1, 50, 18, 25), level(10, 20, 480, 900), level(50, 20, 2400, 3000)], [1100.0])


# --- arithmetic ---------------------------------------------------------------------------


def test_percentile_is_the_nearest_rank_sample():
    samples = [float(n) for n in range(100, 0, -1)]  # order does not matter
    assert percentile(samples, 0.50) == 50
    assert percentile(samples, 0.95) == 95
    assert percentile(samples, 0.99) == 99
    assert percentile([7.0], 0.99) == 7


def test_percentile_of_no_samples_is_not_a_number():
    assert math.isnan(percentile([], 0.5))


def test_ratio_is_missing_when_the_baseline_is_zero_or_absent():
    assert ratio(30, 10) == 3
    assert ratio(30, 0) is None
    assert ratio(None, 10) is None
    assert ratio(math.nan, 10) is None


# --- what counts as an error --------------------------------------------------------------


def test_an_answered_message_is_not_an_error():
    assert reply_error(200, [{"recipient_id": "a", "text": "I'm glad you're here."}], trouble_texts()) is None


def test_a_server_error_an_empty_reply_and_a_trouble_answer_are_errors():
    trouble = sorted(trouble_texts())[0]
    assert reply_error(500, None, ()) == "http_500"
    assert reply_error(200, [], ()) == "empty_reply"
    assert reply_error(200, [{"text": "fine"}, {"text": trouble}], trouble_texts()) == "trouble_reply"


# --- memory from /proc --------------------------------------------------------------------


def test_peak_memory_of_this_process_is_read_from_proc_status():
    peak = peak_rss_kb(os.getpid())
    assert peak is not None and peak >= status_field_kb(os.getpid(), "VmRSS") > 0


def test_peak_memory_of_a_process_that_is_gone_is_unknown():
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    assert peak_rss_kb(int(finished.stdout)) is None


def test_process_tree_holds_the_children_of_a_process():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(10)"])
    try:
        assert child.pid in process_tree(os.getpid())
    finally:
        child.kill()
        child.wait()


def test_sampler_keeps_the_peak_of_a_child_that_has_exited():
    """A Sanic worker can end before the run does; its peak must not be lost with it."""
    script = "import time; block = b'x' * (200 * 2**20); time.sleep(1.5)"  # 200 MiB, written
    parent = subprocess.Popen(
        [sys.executable, "-c", f"import subprocess, sys; subprocess.run([sys.executable, '-c', {script!r}])"]
    )
    with PeakMemorySampler({"workers": [parent.pid]}, interval=0.1) as sampler:
        parent.wait(timeout=30)
    assert max(sampler.peaks_mb()["workers"]) >= 200


# --- training time ------------------------------------------------------------------------


def test_training_is_timed_once_and_reported_as_cached_afterwards(tmp_path: Path):
    model = tmp_path / "models" / "model.tar.gz"
    trainings = []

    def train() -> None:
        trainings.append(1)
        time.sleep(0.05)
        model.parent.mkdir(parents=True, exist_ok=True)
        model.write_bytes(b"trained")

    first = timed_training(model, train)
    again = timed_training(model, train)
    assert len(trainings) == 1
    assert not first.cached and first.seconds >= 0.05
    assert again.cached and again.seconds == first.seconds


def test_a_model_trained_elsewhere_has_an_unknown_training_time(tmp_path: Path):
    model = tmp_path / "model.tar.gz"
    model.write_bytes(b"trained by make run")
    found = timed_training(model, lambda: pytest.fail("must not train an existing model"))
    assert found.cached and found.seconds is None


# --- report and targets -------------------------------------------------------------------


def test_table_puts_each_setup_beside_stock_with_the_ratio():
    embedded = setup_results([level(1, 40, 25, 60), level(10, 50, 190, 400)], [800.0])
    rows = table_rows({"embedded": embedded, "stock": STOCK}, [1, 10])
    assert rows[0] == ["", "embedded", "stock", "embedded/stock"]
    by_label = {row[0]: row[1:] for row in rows}
    assert by_label["10 users: messages/s"] == ["50.0", "20.0", "2.50x"]
    assert by_label["peak memory, largest Rasa process (MiB)"] == ["800", "1100", "0.73x"]
    assert by_label["peak memory, action server (MiB)"] == ["300", "300", "1.00x"]
    text = format_table(rows)
    assert "10 users: p95 latency (ms)" in text and "0.44x" in text


def test_table_says_when_a_training_time_was_measured_on_an_earlier_run():
    cached = setup_results([level(1, 40, 25, 60)], [800.0], cached=True)
    by_label = {row[0]: row[1:] for row in table_rows({"embedded": cached, "stock": STOCK}, [1])}
    assert by_label["training time (s)"] == ["90 (cached)", "90", "1.00x"]


def test_targets_pass_when_kintsugi_doubles_throughput_halves_p95_and_has_no_errors():
    tuned = setup_results([level(1, 40, 25, 60), level(10, 45, 200, 420), level(50, 46, 1000, 1400)], [900.0])
    checks = check_targets({"tuned": tuned, "stock": STOCK})
    assert [check.passed for check in checks] == [True] * 5
    assert all(check.setup == "tuned" for check in checks)
    assert "45.0 vs 20.0 msg/s, 2.25x" in checks[0].line()


def test_targets_are_missed_with_the_numbers_that_missed_them():
    slow = setup_results(
        [level(1, 20, 45, 80), level(10, 30, 500, 800), level(50, 30, 1600, 2500, errors=3, trouble_reply=3)],
        [1300.0],
    )
    lines = [check.line() for check in check_targets({"embedded": slow, "stock": STOCK})]
    assert lines == [
        "MISS  embedded: throughput at 10 users at least 2x stock (30.0 vs 20.0 msg/s, 1.50x)",
        "MISS  embedded: p95 at 10 users at most half of stock (800 vs 900 ms, 0.89x)",
        "MISS  embedded: single-user p50 under 40 ms end to end (45.0 ms)",
        "MISS  embedded: no errors at 50 concurrent users (3 errors in 603 messages: trouble_reply 3)",
        "MISS  embedded: memory per Rasa process within 1.2 GB (1144 MiB) (largest peak 1300 MiB)",
    ]


def test_targets_of_levels_a_quick_run_skipped_are_not_measured():
    quick = setup_results([level(1, 40, 25, 60)], [800.0])
    verdicts = {check.goal: check.verdict for check in check_targets({"embedded": quick})}
    assert verdicts["single-user p50 under 40 ms end to end"] == "PASS"
    assert verdicts["throughput at 10 users at least 2x stock"] == "N/A"
    assert verdicts["no errors at 50 concurrent users"] == "N/A"


def test_micro_benchmarks_are_listed_below_the_table():
    micro = [{"what": "action server round trip", "runs": 280, "median_ms": 4.25, "p95_ms": 6.5}]
    assert micro_lines(micro) == ["action server round trip: median ms 4.250, p95 ms 6.500 (n=280)"]


def test_results_file_is_valid_json_with_missing_numbers_as_null(tmp_path: Path):
    path = tmp_path / "results.json"
    write_json({"setups": {"stock": {"levels": [{"p50_ms": math.nan}]}}}, path)
    assert json.loads(path.read_text()) == {"setups": {"stock": {"levels": [{"p50_ms": None}]}}}


def test_plot_is_written_as_a_png(tmp_path: Path):
    path = tmp_path / "results.png"
    plot_results({"stock": STOCK}, path)
    assert path.read_bytes().startswith(b"\x89PNG")


# --- options ------------------------------------------------------------------------------


def test_options_come_from_the_command_line_or_the_environment():
    options = parse_options(
        ["--users", "2,4", "--setups", "embedded"], {"BENCH_DURATION": "3", "BENCH_WARMUP": "0"}
    )
    assert (options.users, options.duration, options.warmup, options.setups) == (
        (2, 4),
        3.0,
        0.0,
        ("embedded",),
    )


@pytest.mark.parametrize(
    "argv, reason",
    [
        (["--users", "0"], "each 1 or more"),
        (["--users", "ten"], "comma-separated whole numbers"),
        (["--setups", "embedded,mystery"], "set-ups are"),
        (["--duration", "0"], "--duration must be more than 0"),
    ],
)
def test_bad_options_are_refused_with_a_reason(argv: list[str], reason: str, capsys: pytest.CaptureFixture):
    with pytest.raises(SystemExit):
        parse_options(argv, {})
    assert reason in capsys.readouterr().err


# --- against a running Kintsugi -----------------------------------------------------------


def test_two_users_drive_a_running_kintsugi_without_errors(running_kintsugi):
    base, _env = running_kintsugi
    result = run_load(
        f"{base}/webhooks/rest/webhook", KINTSUGI_CONVERSATIONS, users=2, duration=3, warmup=0.5,
        failure_texts=trouble_texts(),
    )  # fmt: skip
    assert result.messages > 0
    assert dict(result.errors) == {}
    assert len(result.latencies_ms) == result.messages


def test_parse_latency_is_measured_on_a_running_kintsugi(running_kintsugi):
    base, _env = running_kintsugi
    measured = parse_latency(base, SERVER_TOKEN, ["hi", "/affirm", "he cheated on me"], runs=5)
    assert measured["runs"] == 5 and measured["p95_ms"] >= measured["p50_ms"] > 0


def test_the_embedded_setup_is_started_measured_and_stopped(trained_model: Path, tmp_path: Path):
    """`make run`'s set-up on its own ports and stores: start-up, parse, load and memory all measured."""
    options = Options(users=(2,), duration=2, warmup=0.5, setups=("embedded",), out_dir=tmp_path)
    with kintsugi_running(
        EMBEDDED, trained_model, tmp_path / "embedded", token="bench-test-token"
    ) as running:
        measured = measure(running, options)
        servers = [pid for pids in running.processes.values() for pid in pids]
    assert measured["startup_seconds"] > 0
    assert measured["parse"]["runs"] > 0
    [two_users] = measured["levels"]
    assert two_users["users"] == 2 and two_users["messages"] > 0 and two_users["errors"] == 0
    assert len(measured["memory_mb"]["rasa"]) == 1 and len(measured["memory_mb"]["action_server"]) == 1
    assert all(peak_rss_kb(pid) is None for pid in servers)  # both servers stopped
