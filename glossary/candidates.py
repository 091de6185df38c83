"""Term candidates: store extracted names, leave out what the termbase already knows, and let a
reviewer approve (new concept), merge (a term of an existing concept) or reject each one.

Extraction itself reads documents and lives in :mod:`sources.candidates`; this service takes its
drafts. Every termbase change goes through :class:`TermbaseService`, so it is in the history and
``undo`` reverts it; the candidate's own state changes only after the termbase accepted the change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import select

from glossary import languages
from glossary.errors import NotFoundError, ValidationError
from glossary.lookup import Lookup
from glossary.models import Candidate, utcnow
from glossary.records import ConceptDraft, ConceptRecord, TermDraft, TermRecord
from glossary.service import TermbaseService
from glossary.vocab import Category, parse_enum

STATES = ("new", "approved", "merged", "rejected")
#: A lookup hit at least this good is shown as "probably a form of concept N".
SUGGEST_SCORE = 70.0
_MAX_PLACES = 12
#: Lookup kinds that mean "this very name is already a term" (same language; a transliteration or
#: pinyin hit only says the concept is known under another script).
_KNOWN = frozenset({"exact", "normalized", "lemma"})


class CandidateLike(Protocol):
    """What extraction hands over (``sources.candidates.CandidateDraft``)."""

    lang: str
    text: str
    key: str
    frequency: int
    forms: dict[str, int]
    places: Sequence[Any]


@dataclass(frozen=True)
class CandidateRecord:
    """A stored candidate."""

    id: int
    lang: str
    text: str
    frequency: int
    state: str
    concept_id: int | None
    """Approved as / merged into this concept; for a new candidate, the closest existing concept."""
    score: float | None
    forms: tuple[tuple[str, int], ...]
    places: tuple[tuple[str, int, str], ...]
    """(file, line, context) of the first occurrences."""


@dataclass(frozen=True)
class AddReport:
    """What storing a round of extracted candidates did."""

    added: int
    updated: int
    known: int
    """Left out: already a term of some concept."""
    rejected: int
    """Left out: rejected before."""


def _record(c: Candidate) -> CandidateRecord:
    places = tuple((p["file"], p["line"], p["context"]) for p in c.places or [])
    forms = tuple(sorted((c.forms or {}).items(), key=lambda kv: -kv[1]))
    return CandidateRecord(c.id, c.lang, c.text, c.frequency, c.state, c.concept_id, c.score, forms, places)


def _place(p: Any) -> dict[str, Any]:
    return {"file": str(p.file), "line": int(p.line), "context": str(p.context)}


class CandidateService:
    """The candidate queue over one termbase."""

    def __init__(self, service: TermbaseService, lookup: Lookup | None = None) -> None:
        self.service = service
        self.db = service.db
        self.lookup = lookup or Lookup(service.db, service)

    # ---- intake ------------------------------------------------------------------------------------
    def add(self, drafts: Iterable[CandidateLike]) -> AddReport:
        """Store extracted candidates: known terms are left out, rejected ones stay rejected, a name seen
        again gets the new places and counts; each new one gets the closest concept as a suggestion."""
        added = updated = known = rejected = 0
        judged = [(d, self._judge(d)) for d in drafts]  # lookups first, outside the write transaction
        with self.db.write() as s:
            for draft, (is_known, concept_id, score) in judged:
                if is_known:
                    known += 1
                    continue
                row = s.scalars(select(Candidate).where(Candidate.lang == draft.lang,
                                                        Candidate.key == draft.key)).one_or_none()
                if row is None:
                    s.add(Candidate(lang=draft.lang, key=draft.key, text=draft.text, frequency=draft.frequency,
                                    forms=dict(draft.forms), places=[_place(p) for p in draft.places][:_MAX_PLACES],
                                    state="new", concept_id=concept_id, score=score, updated_at=utcnow(),
                                    updated_by=self.service.author))
                    added += 1
                elif row.state == "rejected":
                    rejected += 1
                elif row.state == "new":
                    self._merge_counts(row, draft)
                    updated += 1
        return AddReport(added, updated, known, rejected)

    def _judge(self, draft: CandidateLike) -> tuple[bool, int | None, float | None]:
        """(already a term?, closest concept, its score). "Tajikistan Emomali Rahmon" (a country, then a
        known name) is known too: the name after a leading known term is judged on its own."""
        words = draft.text.split()
        for k in range(1, min(3, len(words) - 1) + 1):
            head, rest = " ".join(words[:k]), " ".join(words[k:])
            if self._known(head, draft.lang) and self._known(rest, draft.lang):
                return True, None, None
        return self._closest(draft.text, draft.lang)

    def _known(self, text: str, lang: str) -> bool:
        return self._closest(text, lang)[0]

    def _closest(self, text: str, lang: str) -> tuple[bool, int | None, float | None]:
        try:
            hits = self.lookup.search(text, limit=1)
        except ValidationError:  # nothing searchable in it
            return False, None, None
        if not hits:
            return False, None, None
        best = hits[0]
        same_language = languages.primary(best.matched_lang) == languages.primary(lang)
        if best.matched_by in _KNOWN and same_language:
            return True, best.concept.id, best.score
        return False, (best.concept.id if best.score >= SUGGEST_SCORE else None), \
            (best.score if best.score >= SUGGEST_SCORE else None)

    @staticmethod
    def _merge_counts(row: Candidate, draft: CandidateLike) -> None:
        places = list(row.places or [])
        seen = {(p["file"], p["line"]) for p in places}
        fresh = [_place(p) for p in draft.places if (str(p.file), int(p.line)) not in seen]
        row.places = (places + fresh)[:_MAX_PLACES]
        forms = dict(row.forms or {})
        for form, n in draft.forms.items():
            forms[form] = max(forms.get(form, 0), n)
        row.forms = forms
        row.frequency = max(row.frequency, draft.frequency)

    # ---- queue -------------------------------------------------------------------------------------
    def list(self, state: str | None = "new", limit: int = 500) -> list[CandidateRecord]:
        """Candidates in a state (all when None), most frequent first."""
        if state is not None and state not in STATES:
            raise ValidationError(f"state: {state!r} is not one of {', '.join(STATES)}")
        with self.db.read() as s:
            q = select(Candidate).order_by(Candidate.frequency.desc(), Candidate.text).limit(limit)
            if state is not None:
                q = q.where(Candidate.state == state)
            return [_record(c) for c in s.scalars(q)]

    def get(self, candidate_id: int) -> CandidateRecord:
        """One candidate; NotFoundError if there is none."""
        with self.db.read() as s:
            return _record(self._row(s, candidate_id))

    # ---- decisions ---------------------------------------------------------------------------------
    def approve(self, candidate_id: int, *, category: str = "other", text: str | None = None) -> ConceptRecord:
        """Create a concept with the candidate (or the corrected ``text``) as its preferred term."""
        cand = self._open(candidate_id)
        cat = parse_enum(Category, category, "category")
        term = TermDraft(lang=cand.lang, text=(text or cand.text).strip(), status="preferred", type="full",
                         source=self._source(cand))
        concept = self.service.add_concept(ConceptDraft(category=str(cat), terms=(term,)))
        self._decide(candidate_id, "approved", concept.id)
        return concept

    def merge(self, candidate_id: int, concept_id: int, *, status: str = "admitted",
              type: str = "variant") -> TermRecord:
        """Add the candidate as a term of an existing concept (by default an admitted variant)."""
        cand = self._open(candidate_id)
        draft = TermDraft(lang=cand.lang, text=cand.text, status=status, type=type, source=self._source(cand))
        term = self.service.add_term(concept_id, draft)
        self._decide(candidate_id, "merged", concept_id)
        return term

    def reject(self, candidate_id: int) -> CandidateRecord:
        """Reject a candidate: later extractions will not bring it back."""
        self._open(candidate_id)
        return self._decide(candidate_id, "rejected", None)

    def reopen(self, candidate_id: int) -> CandidateRecord:
        """Put a rejected candidate back in the queue."""
        with self.db.write() as s:
            row = self._row(s, candidate_id)
            if row.state != "rejected":
                raise ValidationError(f"candidate {candidate_id} is {row.state}, not rejected")
            row.state, row.updated_at, row.updated_by = "new", utcnow(), self.service.author
            return _record(row)

    def _open(self, candidate_id: int) -> CandidateRecord:
        cand = self.get(candidate_id)
        if cand.state != "new":
            raise ValidationError(f"candidate {candidate_id} is already {cand.state}")
        return cand

    def _decide(self, candidate_id: int, state: str, concept_id: int | None) -> CandidateRecord:
        with self.db.write() as s:
            row = self._row(s, candidate_id)
            row.state, row.updated_at, row.updated_by = state, utcnow(), self.service.author
            if concept_id is not None or state == "rejected":
                row.concept_id = concept_id if state != "rejected" else row.concept_id
            return _record(row)

    @staticmethod
    def _source(cand: CandidateRecord) -> str | None:
        if not cand.places:
            return None
        file, line, _context = cand.places[0]
        return f"{file}:{line}"

    @staticmethod
    def _row(s: Any, candidate_id: int) -> Candidate:
        row = s.get(Candidate, candidate_id)
        if row is None:
            raise NotFoundError(f"no candidate {candidate_id}")
        return row
