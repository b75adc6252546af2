"""Reads and writes of the project's tables. Callers pass a session from database.session_scope."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from bot.storage.models import (
    ExerciseAssignment,
    Feedback,
    Person,
    Plan,
    PlanItem,
    SafetyFlag,
    SafetyPlan,
    utc_now,
)

OUTCOMES = ("done", "partly", "not_yet")
UNHELPFUL_AT_OR_BELOW = 2  # a rating of 1 or 2 out of 5 means "don't offer this again"


@dataclass(frozen=True)
class ExerciseHistory:
    done: frozenset[str]
    unhelpful: frozenset[str]
    last_offered: str | None


def get_or_create_person(session: Session, key: str, former_keys: Iterable[str] = ()) -> Person:
    """The person with `key`, created on first sight; safe when two requests race. Without a row
    under `key`, the first row under one of `former_keys` (the same sender's older keys) is
    taken over, so what a returning person kept (safety flags, plans) still applies."""
    person = session.execute(select(Person).where(Person.person_key == key)).scalar_one_or_none()
    if person is None:
        person = _adopt_former_person(session, key, list(former_keys))
    if person is None:
        try:
            with session.begin_nested():
                person = Person(person_key=key)
                session.add(person)
        except IntegrityError:  # another request created them first
            person = session.execute(select(Person).where(Person.person_key == key)).scalar_one()
    person.last_seen_at = utc_now()
    return person


def _adopt_former_person(session: Session, key: str, former_keys: list[str]) -> Person | None:
    if not former_keys:
        return None
    found = {
        p.person_key: p
        for p in session.execute(select(Person).where(Person.person_key.in_(former_keys))).scalars()
    }
    person = next((found[k] for k in former_keys if k in found), None)
    if person is not None:
        person.person_key = key
        session.flush()
    return person


def record_offer(session: Session, person: Person, exercise_id: str, stage: str | None) -> None:
    session.add(ExerciseAssignment(person_id=person.id, exercise_id=exercise_id, stage=stage))


def accept_latest_offer(session: Session, person: Person) -> str | None:
    """Marks the most recent offer as taken up; returns its exercise id."""
    offer = session.execute(
        select(ExerciseAssignment)
        .where(ExerciseAssignment.person_id == person.id)
        .order_by(ExerciseAssignment.offered_at.desc(), ExerciseAssignment.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if offer is None:
        return None
    offer.accepted = True
    return offer.exercise_id


def record_feedback(
    session: Session, person: Person, exercise_id: str, outcome: str, helpfulness: int | None
) -> None:
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {OUTCOMES}, got {outcome!r}")
    if helpfulness is not None and not 1 <= helpfulness <= 5:
        raise ValueError(f"helpfulness must be 1-5, got {helpfulness!r}")
    session.add(
        Feedback(person_id=person.id, exercise_id=exercise_id, outcome=outcome, helpfulness=helpfulness)
    )


def exercise_history(session: Session, person: Person) -> ExerciseHistory:
    feedback = session.execute(select(Feedback).where(Feedback.person_id == person.id)).scalars().all()
    last_accepted = session.execute(
        select(ExerciseAssignment.exercise_id)
        .where(ExerciseAssignment.person_id == person.id, ExerciseAssignment.accepted.is_(True))
        .order_by(ExerciseAssignment.offered_at.desc(), ExerciseAssignment.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    return ExerciseHistory(
        done=frozenset(f.exercise_id for f in feedback if f.outcome in ("done", "partly")),
        unhelpful=frozenset(
            f.exercise_id
            for f in feedback
            if f.helpfulness is not None and f.helpfulness <= UNHELPFUL_AT_OR_BELOW
        ),
        last_offered=last_accepted,
    )


# INSERT ... ON CONFLICT, in the two databases Kintsugi runs on.
_UPSERT_INSERTS = {"sqlite": sqlite_insert, "postgresql": postgresql_insert}


def add_safety_flag(
    session: Session, person: Person, flag: str, source: str = "plain", noticed: str = ""
) -> None:
    """Keeps a flag; one already there (even a lifted one) is set again, not added twice.

    One statement (an upsert on the unique person and flag), so two turns that notice the same
    risk at once still leave one row. A lifted flag is set again; a flag the model noticed
    becomes a plain one when the person says it in words the rules know.
    """
    dialect = session.get_bind().dialect.name
    if dialect not in _UPSERT_INSERTS:
        raise ValueError(f"safety flags need SQLite or PostgreSQL, not {dialect}")
    if person.id is None:
        session.flush()
    insert = _UPSERT_INSERTS[dialect](SafetyFlag).values(
        person_id=person.id, flag=flag, source=source, noticed=noticed[:160], created_at=utc_now()
    )
    kept = SafetyFlag.__table__.c
    session.execute(
        insert.on_conflict_do_update(
            index_elements=[kept.person_id, kept.flag],
            set_={"lifted_at": None, "source": insert.excluded.source, "noticed": insert.excluded.noticed},
            where=kept.lifted_at.is_not(None)
            | ((insert.excluded.source == "plain") & (kept.source != "plain")),
        )
    )


def safety_flags(session: Session, person: Person) -> frozenset[str]:
    """The flags in force: every flag kept and not lifted by the person."""
    rows = session.execute(
        select(SafetyFlag.flag).where(SafetyFlag.person_id == person.id, SafetyFlag.lifted_at.is_(None))
    ).scalars()
    return frozenset(rows)


def lift_safety_flags(session: Session, person: Person, flags: Iterable[str]) -> list[SafetyFlag]:
    """The person corrected these flags: they stop applying, and the rows stay for review."""
    lifted = list(
        session.execute(
            select(SafetyFlag).where(
                SafetyFlag.person_id == person.id,
                SafetyFlag.flag.in_(list(flags)),
                SafetyFlag.lifted_at.is_(None),
            )
        ).scalars()
    )
    for flag in lifted:
        flag.lifted_at = utc_now()
    return lifted


def save_safety_plan(session: Session, person: Person, sections: list[tuple[str, str]]) -> None:
    """Keeps the person's one safety plan, replacing an earlier one."""
    plan = session.execute(select(SafetyPlan).where(SafetyPlan.person_id == person.id)).scalar_one_or_none()
    if plan is None:
        plan = SafetyPlan(person_id=person.id, sections="[]")
        session.add(plan)
    plan.sections, plan.updated_at = json.dumps(sections), utc_now()


def safety_plan(session: Session, person: Person) -> list[tuple[str, str]] | None:
    plan = session.execute(select(SafetyPlan).where(SafetyPlan.person_id == person.id)).scalar_one_or_none()
    return [tuple(pair) for pair in json.loads(plan.sections)] if plan else None


def save_plan(
    session: Session,
    person: Person,
    exercise_ids: Iterable[str],
    frequency: str,
    check_in_on: date,
    success_signs: str,
) -> Plan:
    """Saves a new active plan; an earlier active plan is kept but no longer active."""
    session.execute(
        update(Plan).where(Plan.person_id == person.id, Plan.active.is_(True)).values(active=False)
    )
    plan = Plan(
        person_id=person.id, frequency=frequency, check_in_on=check_in_on, success_signs=success_signs
    )
    plan.items = [PlanItem(exercise_id=e, position=i) for i, e in enumerate(exercise_ids, start=1)]
    session.add(plan)
    session.flush()
    return plan


def active_plan(session: Session, person: Person) -> Plan | None:
    return session.execute(
        select(Plan)
        .options(selectinload(Plan.items))
        .where(Plan.person_id == person.id, Plan.active.is_(True))
        .order_by(Plan.created_at.desc(), Plan.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def replace_plan_item(plan: Plan, position: int, exercise_id: str) -> None:
    """Puts `exercise_id` in the plan at `position` (1-based); the rest stay as they were."""
    item = next(i for i in plan.items if i.position == position)
    item.exercise_id, item.done_on = exercise_id, None


def mark_item_done(session: Session, plan: Plan, exercise_id: str, on: date) -> bool:
    """Marks a plan item done; False when the plan has no such item."""
    item = next((i for i in plan.items if i.exercise_id == exercise_id), None)
    if item is None:
        return False
    item.done_on = on
    return True


def delete_person(session: Session, key: str, former_keys: Iterable[str] = ()) -> bool:
    """Removes the person (under `key` and any of `former_keys`) and every row of theirs
    (ON DELETE CASCADE); False if there was nobody."""
    keys = [key, *former_keys]
    people = session.execute(select(Person).where(Person.person_key.in_(keys))).scalars().all()
    for person in people:
        session.delete(person)
    return bool(people)


def person_keys_not_seen_since(session: Session, cutoff: datetime) -> list[str]:
    """Retention: the keys of everyone last seen before `cutoff` (their exports are named by them)."""
    return list(session.execute(select(Person.person_key).where(Person.last_seen_at < cutoff)).scalars())


def delete_people_not_seen_since(session: Session, cutoff: datetime) -> int:
    """Retention: removes everyone last seen before `cutoff`; their rows go by ON DELETE CASCADE."""
    result = session.execute(
        delete(Person).where(Person.last_seen_at < cutoff).execution_options(synchronize_session=False)
    )
    return result.rowcount
