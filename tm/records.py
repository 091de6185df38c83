"""Frozen TM records: drafts that readers produce and the store takes, and what services return."""

from __future__ import annotations

import hashlib
import json
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tm.markup import escape_text

_LANG_TEXT = operator.itemgetter(0, 2)

#: Attributes of a unit that have their own column (the rest go to ``attrs``).
UNIT_COLUMNS = ("tuid", "srclang", "datatype", "segtype", "creationdate", "creationid", "changedate", "changeid")
#: Attributes of a variant that have their own column.
VARIANT_COLUMNS = ("creationdate", "creationid", "changedate", "changeid")


@dataclass(frozen=True)
class Annotation:
    """A TMX ``<note>`` or ``<prop>``."""

    kind: str
    """``note`` or ``prop``."""
    text: str
    type: str | None = None
    """The prop's ``type`` (None for notes)."""
    attrs: Mapping[str, str] = field(default_factory=dict)
    """Other attributes as written (``xml:lang``, ``o-encoding``)."""

    def canonical(self) -> list[Any]:
        """A JSON-able form for content hashing and comparison."""
        return [self.kind, self.type, self.text, sorted(self.attrs.items())]


@dataclass(frozen=True)
class VariantDraft:
    """One segment in one language, as read from a file."""

    lang: str
    """Canonical BCP 47 tag."""
    lang_tag: str
    """The tag as written in the file."""
    text: str
    """Plain text: what matching and search see."""
    markup: str | None = None
    """Segment content with inline elements as XML; None when it is plain text."""
    attrs: Mapping[str, str] = field(default_factory=dict)
    annotations: tuple[Annotation, ...] = ()

    @property
    def markup_xml(self) -> str:
        """The segment content as XML whether or not it has inline elements."""
        return self.markup if self.markup is not None else escape_text(self.text)


@dataclass(frozen=True)
class UnitDraft:
    """A translation unit as read from a file; ``line`` is where it starts, for error messages."""

    variants: tuple[VariantDraft, ...]
    attrs: Mapping[str, str] = field(default_factory=dict)
    annotations: tuple[Annotation, ...] = ()
    line: int | None = None

    def content_hash(self) -> str:
        """Identity of the content: variants (language, segment, notes, props) in any order, plus the
        unit's notes and props. Dates, users, ids and counters are metadata and do not count."""
        if all(v.markup is None and not v.annotations for v in self.variants) and not any(
                a.attrs for a in self.annotations):
            return plain_content_hash([(v.lang, v.lang_tag, v.text) for v in self.variants],
                                      [(a.kind, a.type, a.text) for a in self.annotations])
        variants = sorted([v.lang, "t" if v.markup is None else "m", v.text if v.markup is None else v.markup,
                           [a.canonical() for a in v.annotations]] for v in self.variants)
        return _digest(json.dumps([variants, [a.canonical() for a in self.annotations]], ensure_ascii=False))


def _digest(payload: str) -> str:
    return hashlib.blake2b(payload.encode("utf-8"), digest_size=16).hexdigest()


def plain_content_hash(variants: Sequence[tuple[str, str, str]], notes: Sequence[tuple[str, str | None, str]]) -> str:
    """:meth:`UnitDraft.content_hash` of a unit whose variants are (language, tag, plain text) without
    notes (the tag does not count) and whose notes and props, (kind, type, text), have no
    attributes (the common case of an import): blake2b of fields joined by U+001F — the number of
    variants; for each variant, in (language, text) order, its language, text length and text; for
    each note or prop in order, its kind, type length ("-" for none), type, text length and text.
    Every free text carries its length, so the payload is unambiguous, and it never begins with
    "[", so it never equals the JSON payload of the other units. (Until migration 0016 plain units
    were hashed as JSON too, a third slower to write.)"""
    parts = [str(len(variants))]
    for lang, _tag, text in sorted(variants, key=_LANG_TEXT):
        parts += (lang, str(len(text)), text)
    for kind, type_, text in notes:
        parts += (kind, "-" if type_ is None else str(len(type_)), type_ or "", str(len(text)), text)
    return _digest("\x1f".join(parts))


@dataclass(frozen=True)
class VariantRecord(VariantDraft):
    """A stored variant."""

    id: int = 0
    unit_id: int = 0


@dataclass(frozen=True)
class UnitRecord:
    """A stored unit with its variants in file order."""

    id: int
    variants: tuple[VariantRecord, ...]
    attrs: Mapping[str, str] = field(default_factory=dict)
    annotations: tuple[Annotation, ...] = ()
    origin_id: int | None = None

    def variant(self, lang: str) -> VariantRecord | None:
        """The first variant in exactly this canonical language."""
        return next((v for v in self.variants if v.lang == lang), None)


@dataclass(frozen=True)
class Penalty:
    """Points a match lost, and why."""

    reason: str
    """``edit``, ``numbers``, ``punctuation``, ``case`` or ``tags``."""
    points: float
    detail: str = ""
    """Human-readable specifics (``17 → 18``, ``2 words``)."""


@dataclass(frozen=True)
class TermHit:
    """A termbase concept named in a query or a match, with the approved target-language term."""

    concept_id: int
    source_term: str
    target_term: str | None
    found_in: tuple[str, ...]
    """Where it was found: ``query``, ``source``, ``target``."""

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` shape."""
        return {"concept_id": self.concept_id, "source_term": self.source_term,
                "target_term": self.target_term, "found_in": list(self.found_in)}


@dataclass(frozen=True)
class Match:
    """A TM unit offered for a query: its score, every point lost and the termbase names involved."""

    unit_id: int
    score: float
    penalties: tuple[Penalty, ...]
    source: VariantRecord
    target: VariantRecord
    terms: tuple[TermHit, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` shape: unit_id, score, penalties, source, target, terms."""
        return {
            "unit_id": self.unit_id,
            "score": self.score,
            "penalties": [{"reason": p.reason, "points": p.points} for p in self.penalties],
            "source": self.source.text,
            "target": self.target.text,
            "terms": [t.to_json() for t in self.terms],
        }


@dataclass(frozen=True)
class Occurrence:
    """A concordance hit: the variant containing the text and its unit's other variants."""

    unit_id: int
    variant: VariantRecord
    others: tuple[VariantRecord, ...]

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` shape."""
        return {"unit_id": self.unit_id, "lang": self.variant.lang, "text": self.variant.text,
                "variants": [{"lang": v.lang, "text": v.text} for v in self.others]}
