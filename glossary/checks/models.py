"""The stored-finding table (migration 0010_check_findings). Only :mod:`glossary.checks.store` uses it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from glossary.models import Base, utcnow


class StoredFinding(Base):
    """A finding of ``silkterm check`` with its review state, keyed by a stable fingerprint."""

    __tablename__ = "check_finding"
    __table_args__ = {"sqlite_autoincrement": True}
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    check_id: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(8))
    file: Mapped[str] = mapped_column(Text)
    #: The file name (or ``tm`` / ``termbase``) a run must cover for this finding to be marked fixed.
    scope: Mapped[str] = mapped_column(Text)
    line: Mapped[int | None] = mapped_column(Integer)
    lang: Mapped[str | None] = mapped_column(String(35))
    text: Mapped[str] = mapped_column(Text)
    concept_id: Mapped[int | None] = mapped_column(Integer)
    expected: Mapped[str | None] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    context: Mapped[str | None] = mapped_column(Text)
    places: Mapped[list[Any] | None] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(8), default="open")
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    state_by: Mapped[str | None] = mapped_column(String(100))
