"""Frozen records returned by services: no ORM object ever leaves a session."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class TermRecord:
    """A stored term."""

    id: int
    concept_id: int
    lang: str
    text: str
    status: str
    type: str
    note: str | None = None
    source: str | None = None
    gender: str | None = None
    number: str | None = None
    modified_at: datetime | None = None
    modified_by: str | None = None


@dataclass(frozen=True)
class ConceptRecord:
    """A stored concept with all its terms (ordered by language, then status, then id)."""

    id: int
    category: str
    subject: str | None
    definition: str | None
    note: str | None
    sources: tuple[str, ...]
    code: str | None
    created_at: datetime
    created_by: str
    modified_at: datetime
    modified_by: str
    terms: tuple[TermRecord, ...] = ()

    def terms_in(self, lang: str) -> list[TermRecord]:
        """Terms in exactly this language tag, best status first."""
        return [t for t in self.terms if t.lang == lang]

    def preferred(self, lang: str) -> TermRecord | None:
        """The preferred term in ``lang``, if any."""
        return next((t for t in self.terms if t.lang == lang and t.status == "preferred"), None)

    def label(self) -> str:
        """A short human label: the preferred English term, else the first term."""
        best = self.preferred("en") or (self.terms[0] if self.terms else None)
        return best.text if best else f"concept {self.id}"


@dataclass(frozen=True)
class TermDraft:
    """A term to create (validated by the service)."""

    lang: str
    text: str
    status: str = "preferred"
    type: str = "full"
    note: str | None = None
    source: str | None = None
    gender: str | None = None
    number: str | None = None


@dataclass(frozen=True)
class ConceptDraft:
    """A concept to create, with its terms."""

    category: str
    terms: tuple[TermDraft, ...] = ()
    subject: str | None = None
    definition: str | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()
    code: str | None = None


@dataclass(frozen=True)
class ChangeRecord:
    """One recorded change of a concept or term."""

    id: int
    batch_id: int
    at: datetime
    author: str
    description: str
    action: str
    entity: str
    entity_id: int
    concept_id: int
    before: dict | None
    after: dict | None
    undone: bool


@dataclass(frozen=True)
class UndoResult:
    """What ``undo`` reverted."""

    batch_id: int
    description: str
    author: str
    changes: int
    concept_ids: tuple[int, ...] = field(default_factory=tuple)
