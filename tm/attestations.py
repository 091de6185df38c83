"""Attestations of a concept: where its terms occur in the translation memory, with their context.

A translator deciding between two names wants to see each one used in a real sentence, with the
sentence's translation beside it. Preferred and admitted terms come first, then the others, so a
deprecated spelling still in circulation shows up too.
"""

from __future__ import annotations

from dataclasses import dataclass

from glossary.errors import SilktermError
from glossary.records import ConceptRecord
from glossary.vocab import STATUS_RANK
from tm.records import Occurrence
from tm.service import TmService

#: Terms looked up per concept, and occurrences kept per term.
MAX_TERMS = 8
PER_TERM = 2
_MIN_CHARS = 2


@dataclass(frozen=True)
class Attestation:
    """One occurrence of a term in the TM."""

    term: str
    lang: str
    status: str
    occurrence: Occurrence


def attestations(tm: TmService, concept: ConceptRecord, *, per_term: int = PER_TERM,
                 max_terms: int = MAX_TERMS) -> list[Attestation]:
    """Occurrences of the concept's terms in the TM: best status first, ``per_term`` each."""
    terms = sorted(concept.terms, key=lambda t: (STATUS_RANK.get(t.status, 9), t.id))
    out: list[Attestation] = []
    seen: set[int] = set()
    for term in [t for t in terms if len(t.text.strip()) >= _MIN_CHARS][:max_terms]:
        try:
            found = tm.search(term.text, langs=[term.lang], limit=per_term + len(seen))
        except SilktermError:  # a term the TM's search refuses (nothing searchable in it)
            continue
        fresh = [o for o in found if o.variant.id not in seen][:per_term]
        seen.update(o.variant.id for o in fresh)
        out += [Attestation(term.text, term.lang, term.status, o) for o in fresh]
    return out
