"""Action server responses are validated as strictly as stock Rasa does, with a compiled validator."""

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from bot.rasa_components.action_validation import use_compiled_validation, validate_action_result

VALID = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "role", "value": "both"}], "responses": [{"text": "hi"}]},
    {"responses": [{"text": "pick one", "buttons": [{"title": "Yes", "payload": "/affirm"}]}]},
]
INVALID = [
    {"events": "not a list"},
    {"events": [{"no_event_key": 1}]},
    {"responses": "text"},
]


@pytest.mark.parametrize("response", VALID + INVALID)
def test_the_compiled_validator_agrees_with_rasas_check(response):
    spec = RemoteAction.action_response_format_spec()
    try:
        jsonschema.validate(response, spec)
        stock_accepts = True
    except jsonschema.ValidationError:
        stock_accepts = False
    try:
        ours_accepts = validate_action_result(None, response)
    except jsonschema.ValidationError as error:
        ours_accepts = False
        assert "Failed to validate Action server response" in error.message
    assert ours_accepts == stock_accepts


def test_remote_actions_use_the_compiled_validator_once_installed():
    use_compiled_validation()
    assert RemoteAction._validate_action_result is validate_action_result


@pytest.mark.parametrize("response", INVALID)
def test_malformed_action_responses_are_still_refused(response):
    with pytest.raises(jsonschema.ValidationError):
        validate_action_result(None, response)
