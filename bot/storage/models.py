"""Kintsugi's tables. A person is known only by a keyed hash of channel and sender id."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Person(Base):
    __tablename__ = "people"

    id = Column(Integer, primary_key=True)
    person_key = Column(String(64), nullable=False, unique=True, index=True)  # HMAC, never the raw id
    created_at = Column(DateTime, nullable=False, default=utc_now)
    last_seen_at = Column(DateTime, nullable=False, default=utc_now, index=True)

    assignments = relationship("ExerciseAssignment", cascade="all, delete-orphan", passive_deletes=True)
    feedback = relationship("Feedback", cascade="all, delete-orphan", passive_deletes=True)
    plans = relationship("Plan", cascade="all, delete-orphan", passive_deletes=True)
    safety_flags = relationship("SafetyFlag", cascade="all, delete-orphan", passive_deletes=True)
    safety_plans = relationship("SafetyPlan", cascade="all, delete-orphan", passive_deletes=True)


class ExerciseAssignment(Base):
    """An exercise offered to a person, and whether they took it up."""

    __tablename__ = "exercise_assignments"

    id = Column(Integer, primary_key=True)
    person_id = Column(Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False, index=True)
    exercise_id = Column(String(80), nullable=False)
    stage = Column(String(32))
    offered_at = Column(DateTime, nullable=False, default=utc_now)
    accepted = Column(Boolean, nullable=False, default=False)


class Feedback(Base):
    """How an exercise went: done / partly / not_yet, and how helpful (1-5)."""

    __tablename__ = "feedback"

    id = Column(Integer, primary_key=True)
    person_id = Column(Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False, index=True)
    exercise_id = Column(String(80), nullable=False)
    outcome = Column(String(16), nullable=False)
    helpfulness = Column(SmallInteger)
    created_at = Column(DateTime, nullable=False, default=utc_now, index=True)


class Plan(Base):
    """A repair plan: a few exercises, a rhythm, a check-in date and signs that it works."""

    __tablename__ = "plans"

    id = Column(Integer, primary_key=True)
    person_id = Column(Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False, index=True)
    frequency = Column(String(80), nullable=False)
    check_in_on = Column(Date, nullable=False)
    success_signs = Column(Text, nullable=False)
    active = Column(Boolean, nullable=False, default=True, index=True)
    created_at = Column(DateTime, nullable=False, default=utc_now)

    items = relationship(
        "PlanItem", cascade="all, delete-orphan", passive_deletes=True, order_by="PlanItem.position"
    )


class PlanItem(Base):
    __tablename__ = "plan_items"

    id = Column(Integer, primary_key=True)
    plan_id = Column(Integer, ForeignKey("plans.id", ondelete="CASCADE"), nullable=False, index=True)
    exercise_id = Column(String(80), nullable=False)
    position = Column(SmallInteger, nullable=False)
    done_on = Column(Date)


class SafetyFlag(Base):
    """A risk disclosed by the person; kept across conversations so safety rules keep applying."""

    __tablename__ = "safety_flags"
    # One row per person and flag: add_safety_flag upserts against it (migration 0003).
    __table_args__ = (UniqueConstraint("person_id", "flag", name="uq_safety_flags_person_id_flag"),)

    id = Column(Integer, primary_key=True)
    person_id = Column(Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False, index=True)
    flag = Column(String(32), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utc_now)
    source = Column(String(16), nullable=False, default="plain", server_default="plain")
    noticed = Column(String(160), nullable=False, default="", server_default="")  # told back on a correction
    lifted_at = Column(DateTime)  # the person corrected it; kept for review


class SafetyPlan(Base):
    """A person's own safety plan (Stanley and Brown's six parts), shown only to them."""

    __tablename__ = "safety_plans"

    id = Column(Integer, primary_key=True)
    person_id = Column(
        Integer, ForeignKey("people.id", ondelete="CASCADE"), nullable=False, unique=True, index=True
    )
    sections = Column(Text, nullable=False)  # JSON list of [part, answer]
    updated_at = Column(DateTime, nullable=False, default=utc_now)
