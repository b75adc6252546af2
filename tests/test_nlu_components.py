"""Small NLU components, on Rasa messages: a speaker's name taken off, and the intents left
when the safety screen overrules the classifier's `crisis`."""

from rasa.shared.nlu.training_data.message import Message

from bot.rasa_components.safety_screen import SafetyScreenComponent
from bot.rasa_components.speaker_name import take_off_speaker
from bot.topics.routing import SURE_TOPIC_CONFIDENCE, is_telling, should_route_to_topic


def test_a_speakers_name_is_taken_off_and_kept():
    message = Message(data={"text": "jess: he was seeing someone from his old job"})
    take_off_speaker(message)
    assert message.get("text") == "he was seeing someone from his old job"
    assert message.get("speaker") == "Jess"


def test_a_message_without_a_name_is_left_as_typed():
    message = Message(data={"text": "update: we talked last night"})
    take_off_speaker(message)
    assert message.get("text") == "update: we talked last night" and message.get("speaker") is None


def test_without_crisis_the_other_intents_are_rescaled_to_the_classifiers_belief():
    # "im terrified shes going to leave and take the kids": 0.95 crisis, 0.03 ask; the
    # detector found no risk, so unscaled the person was asked to rephrase.
    ranking = [
        {"name": "crisis", "confidence": 0.95},
        {"name": "ask", "confidence": 0.03},
        {"name": "hurt", "confidence": 0.02},
    ]
    message = Message(data={"text": "im terrified", "intent": ranking[0], "intent_ranking": ranking})
    SafetyScreenComponent._not_a_crisis(message)
    assert message.get("intent")["name"] == "ask"
    assert abs(message.get("intent")["confidence"] - 0.6) < 1e-9
    assert [r["name"] for r in message.get("intent_ranking")] == ["ask", "hurt"]


def test_without_crisis_an_even_spread_is_still_a_fallback():
    ranking = [{"name": "crisis", "confidence": 0.5}] + [
        {"name": name, "confidence": 0.125} for name in ("ask", "hurt", "thanks", "deny")
    ]
    message = Message(data={"text": "hm", "intent": ranking[0], "intent_ranking": ranking})
    SafetyScreenComponent._not_a_crisis(message)
    assert message.get("intent")["name"] == "nlu_fallback"


def _selector(topic: str, confidence: float) -> dict:
    return {"ask": {"response": {"intent_response_key": f"ask/{topic}", "confidence": confidence}}}


def test_a_question_taken_back_from_crisis_is_still_answered_from_the_library():
    # "so whats the point of you": the router ran while the intent was `crisis`; once the
    # detector took that back, the sceptic was shown "did you mean" buttons.
    ranking = [{"name": "crisis", "confidence": 0.7}] + [
        {"name": name, "confidence": 0.1} for name in ("ask", "hurt", "deny")
    ]
    message = Message(
        data={
            "text": "so whats the point of you",
            "intent": ranking[0],
            "intent_ranking": ranking,
            "response_selector": _selector("kintsugi_can_do", 0.83),
        }
    )
    SafetyScreenComponent._not_a_crisis(message)
    assert message.get("intent")["name"] == "ask"
    assert message.get("arc_intent") == "nlu_fallback"


def test_an_unplaced_statement_is_answered_only_when_its_topic_is_sure():
    sceptic = "my sister says these bots just tell you what you want to hear"
    assert should_route_to_topic("nlu_fallback", sceptic, SURE_TOPIC_CONFIDENCE)
    assert not should_route_to_topic("nlu_fallback", sceptic, SURE_TOPIC_CONFIDENCE - 0.01)
    # A feeling stays a feeling, however near a topic it reads.
    assert not should_route_to_topic("hurt", "he wrecked me", 0.95)


def test_telling_is_a_statement_of_some_length_not_a_question_or_a_word():
    assert is_telling("it was really hard, wrote three pages and cried the whole way through")
    assert not is_telling("could you write it out for me so it sounds less bad")
    assert not is_telling("hmm ok")
    # A question after "so" or "ok" is still a question: "so whats the point of you" was listened to.
    assert not is_telling("so whats the point of you then")
    assert not is_telling("ok how do i even start with this")
