"""What the virtual users say: multi-turn conversations from each assistant's real flow.

Kintsugi's follow the sample sessions in data/sessions/ (first contact as each partner, a
couple planning, "how can I ever trust again"), with the buttons' payloads sent as a person's
click sends them. Stock's are the moodbot flow of `rasa init`'s stories and rules. Every
message in them is answered by its assistant, so an empty reply counts as an error.
"""

from __future__ import annotations

Conversation = tuple[str, ...]

KINTSUGI_CONVERSATIONS: tuple[Conversation, ...] = (
    (  # the hurt partner, first contact (data/sessions/01)
        "hi",
        "i found messages on his phone, he has been sleeping with a coworker for months",
        "i cant stop crying and i feel so stupid for not seeing it",
        "give me an exercise to do",
        "how can i ever trust him again",
        "thank you",
        "bye",
    ),
    (  # the involved partner coached into a full apology (data/sessions/02 and 04)
        "hello",
        "i need to tell my wife that i slept with someone else last year",
        "i hate myself for what i did, the guilt is eating me alive",
        "i said sorry but it was only a fling, she is overreacting",
        "/affirm",
        "/request_exercise",
        "thanks",
        "goodbye",
    ),
    (  # a couple planning together, to a saved plan (data/sessions/06)
        "we are both here together, he had an affair last year",
        "we are both so hurt and angry, we keep fighting",
        "we want a plan to rebuild",
        "/affirm",
        "3 times a week",
        "in 2 weeks",
        "we can talk about the affair without shouting",
        "/affirm",
    ),
    (  # years of lies, and the question of trust (data/sessions/05)
        "he lied to me for years about where he was going",
        "how can i ever trust him again",
        "i feel so betrayed and angry",
        "but how do i know he will not do it again",
        "can you give me an exercise",
        "/affirm",
        "thanks, bye",
    ),
)

STOCK_CONVERSATIONS: tuple[Conversation, ...] = (
    ("hi", "I am sad", "yes", "are you a bot?", "great", "bye"),
    ("hello", "great", "are you a bot?", "sad", "no", "goodbye"),
    ("hey there", "very sad", "no", "hi", "amazing", "bye"),
    ("good morning", "are you a bot?", "I feel down", "yes", "wonderful", "see you"),
)
