"""The mark that only a completed "delete my data" puts on its reply.

The action that erases Kintsugi's tables (actions/privacy.py) puts it on its confirmation
message once the rows are gone; the tracker store (bot/storage/tracker_store.py) erases the
conversation only when the turn's replies carry it. A delete that failed (the action raised,
or the Rasa server answered in its place) carries no mark, so the conversation stays with
the rows it belongs to and "delete my data" can be asked again.
"""

ERASED_MARK = "kintsugi_erased"
