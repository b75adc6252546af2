"""One place for the bot's words: the responses in domain.yml, sent through Rasa's NLG."""

import re

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.messages import MESSAGES, has_entity_buttons, send
from bot.settings import PROJECT_ROOT
from bot.validate import names_in_code, sent_by_code
from bot.yaml_files import DataFileError


def test_there_is_no_second_file_of_bot_words():
    assert not (PROJECT_ROOT / "data" / "messages.yml").exists()
    assert "couple_swap" in MESSAGES and "intro" in MESSAGES  # read from domain.yml


def test_an_action_sends_a_response_by_name_with_its_values():
    dispatcher = CollectingDispatcher()
    send(dispatcher, "couple_swap", speaker="Tom", other="Jess")
    [message] = dispatcher.messages
    assert message["response"] == "utter_couple_swap" and message["speaker"] == "Tom"


def test_safety_buttons_carrying_entities_are_filled_by_the_action():
    # Rasa's NLG would read '{"safety_status": "safe"}' as a placeholder to fill.
    assert has_entity_buttons("safety_check_again")
    dispatcher = CollectingDispatcher()
    send(dispatcher, "safety_check_again")
    [message] = dispatcher.messages
    assert message["response"] is None and message["text"]
    assert any('"safety_status"' in button["payload"] for button in message["buttons"])


def test_a_response_the_code_names_counts_as_used_and_one_it_does_not_fails():
    names, patterns = names_in_code()
    assert sent_by_code("utter_couple_swap", names, patterns)  # send(dispatcher, "couple_swap")
    assert sent_by_code("utter_crisis_violence", names, patterns)  # f"crisis_{risk_type}"
    assert not sent_by_code("utter_nothing_sends_this", names, patterns)


def test_a_malformed_response_names_the_file_and_the_response(tmp_path):
    from bot.messages import load_messages

    path = tmp_path / "domain.yml"
    path.write_text("responses:\n  utter_broken:\n    - buttons: []\n")
    with pytest.raises(DataFileError, match=re.escape("response 'utter_broken'")):
        load_messages(path)
