"""Adding many concepts fast (glossary imports): Core ``executemany`` instead of one ORM flush per row.

The rules are the service's (``validate_concept`` / ``validate_term``; a term text once per concept
and language; one preferred term per concept and language), applied in memory per concept. What an
import does where the service would refuse:

* a second preferred term in one concept and language is stored as ``admitted`` with
  ``attrs["status"] = "preferred"`` (the file's word is kept, and exported back);
* the same text twice in one concept and language is stored once (the repeat is counted as dropped);
* a preferred text that is already preferred in another concept is accepted (files from other tools
  have homonyms) and counted in :attr:`BulkResult.shared_preferred`.

History is one :class:`~glossary.models.ChangeBatch` with one compact ``create`` change per concept
(its id and a label, not a full snapshot of every row): undo needs only the id, and deleting the
concept deletes its terms, keys and origin entry with it.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import operator
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from glossary import languages
from glossary.db import bump_revision
from glossary.errors import ValidationError
from glossary.history import Recorder
from glossary.indexing import BULK_TERMS, index_terms, refresh_trigram_stats
from glossary.models import Change, Concept, ConceptOrigin, Term, utcnow
from glossary.records import ConceptDraft, TermDraft
from glossary.service import clean_text, validate_concept, validate_term
from glossary.vocab import Status

#: Concepts written per ``executemany`` round.
CHUNK = 2000


@dataclass(frozen=True)
class BulkTerm(TermDraft):
    """A term as a file gives it, plus what the file says beyond the draft; dates and people default
    to the import's."""

    attrs: dict[str, Any] | None = None
    created_at: datetime | None = None
    created_by: str | None = None
    modified_at: datetime | None = None
    modified_by: str | None = None


@dataclass(frozen=True)
class BulkConcept:
    """A concept as a file gives it, with where it is in the file (for errors) and its id there."""

    terms: tuple[BulkTerm, ...]
    category: str = "other"
    subject: str | None = None
    definition: str | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()
    code: str | None = None
    attrs: dict[str, Any] | None = None
    created_at: datetime | None = None
    created_by: str | None = None
    modified_at: datetime | None = None
    modified_by: str | None = None
    entry_id: str | None = None
    line: int | None = None

    def identity(self) -> str:
        """The entry's id in its file, else a hash of its content (so a re-import finds it)."""
        if self.entry_id:
            return self.entry_id
        content = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("line", "entry_id")}
        blob = json.dumps(content, default=str, sort_keys=True, ensure_ascii=False)
        return "sha1:" + hashlib.sha1(blob.encode("utf-8")).hexdigest()


@dataclass
class BulkResult:
    """What a bulk add did."""

    added: int = 0
    terms: int = 0
    unchanged: int = 0
    dropped_terms: int = 0
    demoted: int = 0
    shared_preferred: int = 0
    concept_ids: list[int] = field(default_factory=list)

    def __iadd__(self, other: BulkResult) -> BulkResult:
        for f in ("added", "terms", "unchanged", "dropped_terms", "demoted", "shared_preferred"):
            setattr(self, f, getattr(self, f) + getattr(other, f))
        self.concept_ids += other.concept_ids
        return self


_ContentKey = tuple[str, str | None, str | None, frozenset[tuple[str, str]]]


def _content_key(concept: BulkConcept) -> _ContentKey | None:
    """What makes two concepts the same: category, subject, definition and the set of (language,
    term) pairs, normalized as stored; None for a concept that does not validate (reported later)."""
    try:
        values = validate_concept(ConceptDraft(category=concept.category, subject=concept.subject,
                                               definition=concept.definition))
        terms = frozenset((languages.canonical(t.lang), clean_text(t.text)) for t in concept.terms)
    except ValidationError:
        return None
    return values["category"], values["subject"], values["definition"], terms


def stored_equals(session: Session, concepts: list[BulkConcept]) -> dict[int, int]:
    """``id(concept)`` → the id of a stored concept with the same content (:func:`_content_key`), for
    the concepts that have one: a file imported under another name, or the termbase's own export,
    adds nothing. One statement: the stored concepts holding one of the concepts' first terms, with
    their terms."""
    keys = {id(c): k for c in concepts if (k := _content_key(c)) is not None and k[3]}
    firsts = sorted({min(k[3])[1] for k in keys.values()})  # at most one per concept of a chunk
    if not firsts:
        return {}
    holding = select(Term.concept_id).where(Term.text.in_(firsts))
    rows = session.execute(
        select(Concept.id, Concept.category, Concept.subject, Concept.definition, Term.lang, Term.text)
        .join(Term, Term.concept_id == Concept.id).where(Concept.id.in_(holding)).order_by(Concept.id))
    existing: dict[_ContentKey, int] = {}
    for cid, group in itertools.groupby(rows, key=operator.itemgetter(0)):
        terms = list(group)
        _cid, category, subject, definition = terms[0][:4]
        # the oldest of equal stored concepts
        existing.setdefault((str(category), subject, definition, frozenset((t[4], t[5]) for t in terms)), cid)
    return {ref: existing[k] for ref, k in keys.items() if k in existing}


class BulkEntryError(ValidationError):
    """A concept of a file breaks a rule; ``line`` is where it starts in the file."""

    def __init__(self, line: int | None, detail: str) -> None:
        self.line, self.detail = line, detail
        super().__init__(detail)


class BulkWriter:
    """Adds concepts inside the caller's write transaction as one undoable history batch."""

    def __init__(self, session: Session, author: str, description: str) -> None:
        self.session, self.author, self.description = session, author, description
        self._recorder: Recorder | None = None  # made with the first concept: no empty batch to undo
        self.now = utcnow()
        self._next_concept = _next_id(session, "concept")
        self._next_term = _next_id(session, "term")
        self._terms_added = 0

    def add(self, concepts: Iterable[BulkConcept], origin: str | None = None) -> BulkResult:
        """Validate and insert concepts; those of ``origin`` already imported, and those the termbase
        already holds (:func:`stored_equals`), are skipped."""
        total = BulkResult()
        chunk: list[BulkConcept] = []
        for concept in concepts:
            chunk.append(concept)
            if len(chunk) >= CHUNK:
                total += self._add_chunk(chunk, origin)
                chunk = []
        if chunk:
            total += self._add_chunk(chunk, origin)
        return total

    def finish(self) -> None:
        """Refresh the trigram statistics after a large load and advance the data revision."""
        if self._terms_added >= BULK_TERMS:
            refresh_trigram_stats(self.session)
        if self._recorder is not None:
            bump_revision(self.session)

    @property
    def recorder(self) -> Recorder:
        """The history batch of this writer (created on first use)."""
        if self._recorder is None:
            self._recorder = Recorder(self.session, self.author, self.description)
        return self._recorder

    # ---- internals -----------------------------------------------------------------------------
    def _add_chunk(self, chunk: list[BulkConcept], origin: str | None) -> BulkResult:
        result = BulkResult()
        identities = [c.identity() for c in chunk]
        known = self._known(origin, identities) if origin else set()
        stored = stored_equals(self.session, [c for c, i in zip(chunk, identities, strict=True) if i not in known])
        concept_rows, term_rows, origin_rows, change_rows = [], [], [], []
        seen: set[str] = set()
        for concept, identity in zip(chunk, identities, strict=True):
            if identity in known or identity in seen:
                result.unchanged += 1
                continue
            if (same := stored.get(id(concept))) is not None:  # already in the termbase (another file, an export)
                result.unchanged += 1
                seen.add(identity)
                if origin:
                    origin_rows.append({"origin": origin, "entry_id": identity, "concept_id": same})
                continue
            seen.add(identity)
            cid = self._next_concept
            self._next_concept += 1
            row, terms = self._rows(concept, cid, result)
            concept_rows.append(row)
            term_rows += terms
            label = next((t["text"] for t in terms if t["status"] == Status.PREFERRED), terms[0]["text"])
            change_rows.append({"batch_id": self.recorder.batch.id, "action": "create", "entity": "concept",
                                "entity_id": cid, "concept_id": cid, "before": None,
                                "after": {"text": label, "terms": len(terms), "bulk": True}})
            if origin:
                origin_rows.append({"origin": origin, "entry_id": identity, "concept_id": cid})
            result.concept_ids.append(cid)
        if not concept_rows:
            if origin_rows:
                self.session.execute(insert(ConceptOrigin.__table__), origin_rows)
            return result
        s = self.session
        s.execute(insert(Concept.__table__), concept_rows)  # Core executemany, not the ORM's bulk path
        s.execute(insert(Term.__table__), term_rows)
        index_terms(s, [(t["id"], t["text"], t["lang"]) for t in term_rows], fresh=True)
        s.execute(insert(Change.__table__), change_rows)
        if origin_rows:
            s.execute(insert(ConceptOrigin.__table__), origin_rows)
        result.added, result.terms = len(concept_rows), len(term_rows)
        result.shared_preferred = _shared_preferred(s, [t["id"] for t in term_rows if t["status"] == "preferred"])
        self._terms_added += len(term_rows)
        return result

    def _known(self, origin: str, identities: list[str]) -> set[str]:
        rows = self.session.execute(select(ConceptOrigin.entry_id).where(
            ConceptOrigin.origin == origin, ConceptOrigin.entry_id.in_(identities)))
        return {r[0] for r in rows}

    def _rows(self, concept: BulkConcept, cid: int, result: BulkResult) -> tuple[dict, list[dict]]:
        try:
            values = validate_concept(ConceptDraft(
                category=concept.category, subject=concept.subject, definition=concept.definition,
                note=concept.note, sources=concept.sources, code=concept.code))
            if not concept.terms:
                raise ValidationError("a concept needs at least one term")
            terms = self._term_rows(concept, cid, result)
        except ValidationError as exc:
            raise BulkEntryError(concept.line, str(exc)) from None
        return {"id": cid, **values, "attrs": concept.attrs or None, **self._stamp(concept)}, terms

    def _term_rows(self, concept: BulkConcept, cid: int, result: BulkResult) -> list[dict]:
        rows: list[dict] = []
        have: set[tuple[str, str]] = set()
        preferred: set[str] = set()
        for term in concept.terms:
            values = validate_term({f.name: getattr(term, f.name) for f in fields(term)})
            key = (values["lang"], values["text"])
            if key in have:
                result.dropped_terms += 1
                continue
            have.add(key)
            attrs = dict(term.attrs or {})
            if values["status"] == Status.PREFERRED:
                if values["lang"] in preferred:
                    values["status"] = str(Status.ADMITTED)
                    attrs["status"] = str(Status.PREFERRED)
                    result.demoted += 1
                preferred.add(values["lang"])
            rows.append({"id": self._next_term, "concept_id": cid, **values, "attrs": attrs or None,
                         **self._stamp(term)})
            self._next_term += 1
        return rows

    def _stamp(self, item: BulkConcept | BulkTerm) -> dict[str, Any]:
        created_at = item.created_at or self.now
        created_by = item.created_by or self.author
        return {"created_at": created_at, "created_by": created_by,
                "modified_at": item.modified_at or created_at, "modified_by": item.modified_by or created_by}


def _next_id(session: Session, table: str) -> int:
    """The next id of an autoincrement table: ids are never reused, so above the sequence too."""
    top = session.execute(text(f"SELECT COALESCE(MAX(id), 0) FROM {table}")).scalar_one()
    if session.get_bind().dialect.name == "sqlite":
        seq = session.execute(text("SELECT seq FROM sqlite_sequence WHERE name = :t"), {"t": table}).scalar()
        top = max(top, seq or 0)
    return int(top) + 1


def _shared_preferred(session: Session, term_ids: list[int]) -> int:
    """How many of these preferred terms are also the preferred text (same language) of another concept."""
    count = 0
    for start in range(0, len(term_ids), 500):
        ids = term_ids[start:start + 500]
        marks = ",".join(str(int(i)) for i in ids)
        count += session.execute(text(
            "SELECT COUNT(DISTINCT t.id) FROM term t JOIN term_key k ON k.term_id = t.id AND k.kind = 'norm' "
            "JOIN term_key k2 ON k2.key = k.key AND k2.kind = 'norm' JOIN term t2 ON t2.id = k2.term_id "
            f"WHERE t.id IN ({marks}) AND t2.concept_id != t.concept_id AND t2.lang = t.lang "
            "AND t2.status = 'preferred'")).scalar_one()
    return count
