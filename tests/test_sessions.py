"""Scripted sessions: the sample library passes in-process and over HTTP; reports and errors."""

from pathlib import Path

import pytest
import yaml

from bot.exercises.catalogue import load_catalogue
from bot.sessions.__main__ import main as sessions_main
from bot.sessions.report import write_reports
from bot.sessions.runner import asked_to_rephrase, play, repeated_replies
from bot.sessions.script import ScriptError, load_script
from bot.sessions.transports import AgentTransport, HttpTransport
from tests.conftest import SERVER_TOKEN

SESSIONS = sorted((Path(__file__).parent.parent / "data" / "sessions").glob("*.yml"))
# The issue's eight sessions held as new users would, written blind (11-18). Every message in
# them is about affair recovery, so none may get "could you put it another way" or "did you mean".
ISSUE_SESSIONS = frozenset(path for path in SESSIONS if 11 <= int(path.name.split("_")[0]) <= 18)
CATALOGUE = load_catalogue()


def test_the_library_covers_at_least_ten_situations():
    assert len(SESSIONS) >= 10


@pytest.mark.parametrize("path", SESSIONS, ids=lambda p: p.stem)
def test_sample_script_passes_in_process(path, agent, event_loop_for_agent):
    result = play(load_script(path), AgentTransport(agent, event_loop_for_agent), CATALOGUE)
    failed = [(t.turn.number, c.name, c.detail) for t in result.turns for c in t.checks if not c.passed]
    assert failed == []
    assert repeated_replies(result) == []  # nothing said twice within five turns
    if path in ISSUE_SESSIONS:
        assert [t.turn.number for t in result.turns if asked_to_rephrase(t.record)] == []


@pytest.mark.parametrize("path", SESSIONS, ids=lambda p: p.stem)
def test_sample_script_passes_against_the_running_servers(path, running_kintsugi):
    base, _ = running_kintsugi
    result = play(load_script(path), HttpTransport(base, SERVER_TOKEN), CATALOGUE)
    failed = [(t.turn.number, c.name, c.detail) for t in result.turns for c in t.checks if not c.passed]
    assert failed == []


def test_a_played_session_is_written_as_a_test_story_with_every_action(agent, event_loop_for_agent, tmp_path):
    from rasa.shared.core.events import ActionExecuted
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader

    from bot.sessions.test_stories import write_test_stories

    transport = AgentTransport(agent, event_loop_for_agent)
    result = play(load_script(SESSIONS[0]), transport, CATALOGUE)
    events = transport.events(result.sender)
    write_test_stories([(result.script.title, result.sender, events)], tmp_path / "stories.yml")

    steps = YAMLStoryReader(agent.domain).read_from_file(tmp_path / "stories.yml")
    written = [e.action_name for step in steps for e in step.events if isinstance(e, ActionExecuted)]
    played = [e["name"] for e in events if e["event"] == "action" and e["name"] != "action_session_start"]
    assert [step.block_name for step in steps] == [result.script.title]
    assert [name for name in written if name != "action_listen"] == [
        name for name in played if name != "action_listen"
    ]


def test_a_failing_session_is_not_written_as_a_test_story(tmp_path):
    script = yaml.safe_load(SESSIONS[0].read_text())
    script["turns"][0]["expect"] = {"reply_contains": "words that are not there"}
    path = tmp_path / "failing.yml"
    path.write_text(yaml.safe_dump(script))
    assert sessions_main(["stories", str(path), "--out", str(tmp_path / "out.yml")]) == 1
    assert not (tmp_path / "out.yml").exists()


def test_the_crisis_report_shows_the_timeline_the_safety_turn_and_each_expectation(
    agent, event_loop_for_agent, tmp_path
):
    script = yaml.safe_load((SESSIONS[0].parent / "08_crisis_mid_form.yml").read_text())
    script["turns"][0]["expect"] = {"reply_contains": "words that are not there"}  # one failure to show
    path = tmp_path / "crisis.yml"
    path.write_text(yaml.safe_dump(script))
    result = play(load_script(path), AgentTransport(agent, event_loop_for_agent), CATALOGUE)
    index = write_reports([result], tmp_path / "reports")
    page = (tmp_path / "reports" / "crisis.html").read_text()
    assert 'alt="Stage timeline" src="data:image/png;base64,' in page
    assert '<tr class="safety">' in page and "Safety event: self_harm" in page
    assert '<span class="fail">✗</span>' in page and '<span class="pass">✓</span>' in page
    assert "FAILED" in page
    assert "SAFETY EVENT" in (tmp_path / "reports" / "crisis.md").read_text()
    summary = index.read_text()
    assert "Where Kintsugi was least sure" in summary and "data:image/png;base64," in summary


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("persona: {role: both, betrayal_type: affair}\nturns: [{user: hi}]", "field 'title'"),
        ("title: t\npersona: {role: lover, betrayal_type: affair}\nturns: [{user: hi}]", "field 'persona.role'"),
        ("title: t\npersona: {role: both, betrayal_type: affair}\nturns: [{user: hi}, {expect: {intent: greet}}]",
         "turn 2: needs exactly one of"),
        ("title: t\npersona: {role: both, betrayal_type: affair}\nturns: [{user: hi, expect: {mood: calm}}]",
         "turn 1, field 'expect.mood'"),
        ("title: t\npersona: {role: both, betrayal_type: affair}\nturns: [{user: hi, expect: {stage: denial}}]",
         "turn 1, field 'expect.stage'"),
        ("title: t\npersona: {role: both, betrayal_type: affair}\nturns: [{button: 0}]", "turn 1, field 'button'"),
        ("title: t\npersona: {role: both, mood: low}\nturns: [{user: hi}]", "field 'persona.mood'"),
        ("title: t\npersona: [both]\nturns: [{user: hi}]", "field 'persona'"),
    ],
)  # fmt: skip
def test_a_malformed_script_names_the_file_turn_and_field(tmp_path, content, message):
    path = tmp_path / "broken.yml"
    path.write_text(content)
    with pytest.raises(ScriptError) as error:
        load_script(path)
    assert str(path) in str(error.value) and message in str(error.value)


def test_a_script_needs_no_persona_and_keeps_the_parts_it_gives(tmp_path):
    bare, partial = tmp_path / "bare.yml", tmp_path / "partial.yml"
    bare.write_text("title: t\nturns: [{user: hi}]\n")
    partial.write_text("title: t\npersona: {locale: en-GB}\nturns: [{user: hi}]\n")
    assert load_script(bare).persona == {}
    assert load_script(partial).persona == {"locale": "en-GB"}


def test_the_runner_exits_non_zero_on_a_malformed_script(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("KINTSUGI_API_TOKEN", "x")
    path = tmp_path / "broken.yml"
    path.write_text("title: t\nturns: []\n")
    assert sessions_main(["run", str(path), "--url", "http://127.0.0.1:9"]) == 2
    assert "broken.yml" in capsys.readouterr().err


def test_a_real_conversation_is_exported_as_a_report(running_kintsugi, tmp_path, monkeypatch):
    base, _ = running_kintsugi
    transport = HttpTransport(base, SERVER_TOKEN)
    transport.send("shared-by-client", "i found messages on his phone", {})
    transport.send("shared-by-client", "i feel sick", {})
    monkeypatch.setenv("KINTSUGI_API_TOKEN", SERVER_TOKEN)
    code = sessions_main(["export", "shared-by-client", "--url", base, "--report", str(tmp_path)])
    assert code == 0
    (export,) = tmp_path.glob("conversation-*.html")  # named by the person key, not the raw id
    assert "shared-by-client" not in export.name
    page = export.read_text()
    assert "i found messages on his phone" in page and "Stage timeline" in page
