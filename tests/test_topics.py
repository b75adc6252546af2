"""The topic library (data/topics): every topic loads with what it needs, and mistakes name
the file and the topic."""

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from bot.exercises.catalogue import load_catalogue
from bot.quality.topics import load_topic_heldout
from bot.topics.library import ANSWER_WORDS, MIN_EXAMPLES, load_library
from bot.topics.nearest import ANSWER_CONFIDENCE, nearest_topics, selected_topic
from bot.topics.rasa_data import rasa_training_yaml
from bot.yaml_files import DataFileError

LIBRARY = load_library()


def test_the_library_has_at_least_120_topics_each_with_a_source_an_answer_and_examples():
    assert len(LIBRARY) >= 120
    for topic in LIBRARY.values():
        assert topic.source and topic.title
        assert "any" in topic.answers
        assert len(topic.examples) >= MIN_EXAMPLES
        for text in [*topic.answers.values(), *topic.betrayal_answers.values()]:
            assert ANSWER_WORDS[0] <= len(text.split()) <= ANSWER_WORDS[1], topic.id


@pytest.mark.parametrize("topic_id", sorted(LIBRARY))
def test_every_topic_loads_and_renders_for_each_role(topic_id):
    topic = LIBRARY[topic_id]
    for role in (None, "hurt_partner", "involved_partner", "both"):
        text = topic.answer_for(role, None)
        assert text.strip().endswith((".", "!", '"', "'", ")")), (topic_id, role)
        assert "?" not in text[-3:], (topic_id, role)  # the assistant adds any offer itself


def test_role_and_betrayal_variants_are_chosen_when_they_exist():
    with_roles = next(t for t in LIBRARY.values() if "hurt_partner" in t.answers)
    assert with_roles.answer_for("hurt_partner", None) == with_roles.answers["hurt_partner"]
    assert with_roles.answer_for("involved_partner", None) == with_roles.answers["involved_partner"]
    assert with_roles.answer_for(None, None) == with_roles.answers["any"]
    with_money = next(t for t in LIBRARY.values() if "financial" in t.betrayal_answers)
    assert with_money.answer_for("hurt_partner", "financial") == with_money.betrayal_answers["financial"]


@pytest.mark.parametrize(
    "title, in_sentence",
    [
        ("Is Kintsugi a therapist?", '"Is Kintsugi a therapist?"'),
        ("If I can't forgive", "if I can't forgive"),
        ("I don't know why I did it", "I don't know why I did it"),
        ("STIs and testing", "STIs and testing"),
        ("Trigger dates", "trigger dates"),
    ],
)
def test_a_title_reads_well_inside_a_sentence(title, in_sentence):
    # "Many people also ask about is kintsugi a therapist?." was sent as an offer.
    topic = replace(next(iter(LIBRARY.values())), title=title)
    assert topic.title_in_sentence == in_sentence


def test_offers_name_a_catalogue_exercise_or_another_topic():
    exercises = load_catalogue()
    for topic in LIBRARY.values():
        if topic.offer and topic.offer.exercise:
            assert topic.offer.exercise in exercises
        if topic.offer and topic.offer.topic:
            assert topic.offer.topic in LIBRARY and topic.offer.topic != topic.id


def write_theme(directory: Path, **changes) -> Path:
    topic = {
        "id": "sample",
        "title": "A sample",
        "source": "Gottman & Silver, What Makes Love Last? (2012)",
        "answers": {"any": " ".join(["word"] * 70)},
        "examples": [f"example question number {n}" for n in range(MIN_EXAMPLES)],
        **changes,
    }
    path = directory / "theme.yml"
    path.write_text(yaml.safe_dump({"version": 1, "topics": [topic]}))
    return path


@pytest.mark.parametrize(
    ("changes", "complaint"),
    [
        ({"source": ""}, "needs `source`"),
        (
            {"answers": {"any": " ".join(["word"] * 70), "hurt_partner": " ".join(["word"] * 70)}},
            "needs its pair",
        ),
        ({"answers": {"hurt_partner": " ".join(["word"] * 70)}}, "needs `answers.any`"),
        ({"answers": {"any": "too short"}}, "has 2 words"),
        ({"offer": {"exercise": "no_such_exercise"}}, "not in the catalogue"),
        ({"offer": {"topic": "no_such_topic"}}, "does not exist"),
        ({"examples": ["only one"]}, "training examples"),
        ({"follows_exercises": ["no_such_exercise"]}, "follows exercise 'no_such_exercise'"),
        ({"follows_exercises": "grounding_senses"}, "list of exercise ids"),
    ],
)
def test_a_mistake_names_the_file_and_the_topic(tmp_path, changes, complaint):
    write_theme(tmp_path, **changes)
    with pytest.raises(DataFileError) as error:
        load_library(tmp_path, exercise_ids={"grounding_senses"})
    assert "theme.yml, topic 'sample'" in str(error.value) and complaint in str(error.value)


def test_the_rasa_training_data_has_one_retrieval_intent_and_response_per_topic():
    data = yaml.safe_load(rasa_training_yaml(list(LIBRARY.values())))
    intents = {block["intent"] for block in data["nlu"]}
    assert intents == {f"ask/{topic_id}" for topic_id in LIBRARY}
    assert set(data["responses"]) == {f"utter_ask/{topic_id}" for topic_id in LIBRARY}


def normalise(text: str) -> str:
    return " ".join("".join(c for c in text.lower() if c.isalnum() or c.isspace()).split())


def test_the_heldout_questions_cover_every_topic_and_are_never_trained_on():
    heldout = load_topic_heldout()
    assert len(heldout) >= 250
    assert {topic for _, topic in heldout} <= set(LIBRARY)
    trained = {normalise(example) for topic in LIBRARY.values() for example in topic.examples}
    assert [text for text, _ in heldout if normalise(text) in trained] == []


def parse_with(best: str, confidence: float, ranking: list[tuple[str, float]], entities=()) -> dict:
    return {
        "entities": list(entities),
        "response_selector": {
            "ask": {
                "response": {"intent_response_key": f"ask/{best}", "confidence": confidence},
                "ranking": [{"intent_response_key": f"ask/{t}", "confidence": c} for t, c in ranking],
            }
        },
    }


def test_a_sure_selection_is_answered_and_an_unsure_one_offers_the_nearest():
    ids = sorted(LIBRARY)[:4]
    sure = parse_with(ids[0], ANSWER_CONFIDENCE + 0.1, [(ids[0], 0.9)])
    assert selected_topic(sure, LIBRARY) == ids[0]
    unsure = parse_with(
        ids[0], ANSWER_CONFIDENCE - 0.1, [(ids[0], 0.2), (ids[1], 0.1), (ids[2], 0.06), (ids[3], 0.01)]
    )
    assert selected_topic(unsure, LIBRARY) is None
    assert nearest_topics(unsure, LIBRARY) == ids[:3]


def test_gibberish_gets_no_did_you_mean():
    ids = sorted(LIBRARY)[:3]
    spread = parse_with(ids[0], 0.098, [(ids[0], 0.098), (ids[1], 0.072), (ids[2], 0.065)])
    assert nearest_topics(spread, LIBRARY) == []


def test_a_topic_chosen_from_a_button_wins_over_the_selector():
    ids = sorted(LIBRARY)[:2]
    parse = parse_with(ids[0], 0.9, [(ids[0], 0.9)], entities=[{"entity": "topic", "value": ids[1]}])
    assert selected_topic(parse, LIBRARY) == ids[1]


def test_telling_a_partner_about_hidden_money_is_not_answered_as_telling_of_an_affair():
    # Held as a man with a gambling loss: "how do i tell her" got "say that you have had an affair, with whom".
    for topic_id in ("confess_where_how", "confess_what_to_include"):
        answer = LIBRARY[topic_id].answer_for("involved_partner", "financial")
        assert "debt" in answer and "affair" not in answer
