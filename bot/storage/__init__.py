"""The project's own tables (people, exercises, feedback, plans, safety flags) via SQLAlchemy 1.4."""
