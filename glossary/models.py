"""SQLAlchemy 2 typed models of the termbase. Only services touch these; callers get records."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy import text as sql_text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    """Timezone-aware now, the only clock the termbase uses."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base of every silkterm table."""


class Meta(Base):
    """Key/value facts about the database: owner marker, key version, revision counter."""

    __tablename__ = "silkterm_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Concept(Base):
    """One concept (a treaty, a person, a place ...) named by terms in several languages."""

    __tablename__ = "concept"
    __table_args__ = {"sqlite_autoincrement": True}  # ids are never reused (history, undo, packs)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    category: Mapped[str] = mapped_column(String(32), index=True)
    subject: Mapped[str | None] = mapped_column(String(200))
    definition: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[list[str]] = mapped_column(JSON, default=list)
    code: Mapped[str | None] = mapped_column(String(32))
    #: What an imported file said that has no column of its own (written back on export).
    attrs: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))
    modified_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    modified_by: Mapped[str] = mapped_column(String(100))
    terms: Mapped[list[Term]] = relationship(
        back_populates="concept", cascade="all, delete-orphan", passive_deletes=True, order_by="Term.id"
    )


class Term(Base):
    """A designation of a concept in one language, with its status and type."""

    __tablename__ = "term"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    concept_id: Mapped[int] = mapped_column(ForeignKey("concept.id", ondelete="CASCADE"), index=True)
    lang: Mapped[str] = mapped_column(String(35))
    text: Mapped[str] = mapped_column(Text, index=True)
    status: Mapped[str] = mapped_column(String(16))
    type: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    gender: Mapped[str | None] = mapped_column(String(10))
    number: Mapped[str | None] = mapped_column(String(10))
    #: What an imported file said about the term that has no column of its own.
    attrs: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))
    modified_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    modified_by: Mapped[str] = mapped_column(String(100))
    concept: Mapped[Concept] = relationship(back_populates="terms")

    __table_args__ = (
        # The database itself refuses a second preferred term per concept and language.
        Index(
            "uq_term_one_preferred", "concept_id", "lang", unique=True,
            sqlite_where=sql_text("status = 'preferred'"), postgresql_where=sql_text("status = 'preferred'"),
        ),
        {"sqlite_autoincrement": True},
    )


class TermKey(Base):
    """A matching key of a term (normalized, lemma, pinyin, transliteration): the lookup index."""

    __tablename__ = "term_key"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("term.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_term_key_key", "key", "kind"),)


class ChangeBatch(Base):
    """One user-visible change (a CLI command, a pack load): the unit that ``term undo`` reverts."""

    __tablename__ = "change_batch"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    author: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text)
    undone: Mapped[bool] = mapped_column(Boolean, default=False)
    undo_of: Mapped[int | None] = mapped_column(Integer)
    changes: Mapped[list[Change]] = relationship(back_populates="batch", order_by="Change.id")


class Change(Base):
    """A create, update or delete of one concept or term, with its state before and after."""

    __tablename__ = "change"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("change_batch.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(8))  # create | update | delete
    entity: Mapped[str] = mapped_column(String(8))  # concept | term
    entity_id: Mapped[int] = mapped_column(Integer)
    concept_id: Mapped[int] = mapped_column(Integer, index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    batch: Mapped[ChangeBatch] = relationship(back_populates="changes")


class PackEntry(Base):
    """Which concept a term-pack entry became, and the entry's content hash when last applied."""

    __tablename__ = "pack_entry"
    pack: Mapped[str] = mapped_column(String(64), primary_key=True)
    entry_key: Mapped[str] = mapped_column(String(128), primary_key=True)
    concept_id: Mapped[int] = mapped_column(Integer, index=True)
    applied_hash: Mapped[str] = mapped_column(String(64))
    applied_version: Mapped[int] = mapped_column(Integer)


class ConceptOrigin(Base):
    """Which concept an entry of an imported glossary file became, so a second import adds nothing."""

    __tablename__ = "concept_origin"
    origin: Mapped[str] = mapped_column(String(200), primary_key=True)
    entry_id: Mapped[str] = mapped_column(Text, primary_key=True)
    concept_id: Mapped[int] = mapped_column(ForeignKey("concept.id", ondelete="CASCADE"), index=True)


class Candidate(Base):
    """A name extracted from documents, waiting for a reviewer to approve, merge or reject it."""

    __tablename__ = "candidate"
    __table_args__ = (Index("uq_candidate_lang_key", "lang", "key", unique=True), {"sqlite_autoincrement": True})
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lang: Mapped[str] = mapped_column(String(35))
    key: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    frequency: Mapped[int] = mapped_column(Integer, default=0)
    forms: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    places: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    state: Mapped[str] = mapped_column(String(10), default="new", index=True)
    concept_id: Mapped[int | None] = mapped_column(ForeignKey("concept.id", ondelete="SET NULL"))
    """The concept it was approved as or merged into; before that, the closest existing concept."""
    score: Mapped[float | None] = mapped_column()
    """How close the suggested concept is (lookup score); None when there is no suggestion."""
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(100))
