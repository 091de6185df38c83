"""The TM service: fuzzy matches with explained scores, and concordance. One read session per call."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from rapidfuzz import fuzz
from sqlalchemy.orm import Session

from glossary import languages
from glossary.db import Database
from glossary.errors import ValidationError
from tm.index import TmIndex
from tm.keys import match_key
from tm.markup import parse_markup
from tm.matching import Scorer, Segment, character_based
from tm.records import Match, Occurrence, UnitRecord, VariantRecord
from tm.terms import Termbase, TermSpotter, term_hits
from tm.units import count_units, load_units, resolve_languages, units_of_variants

MAX_QUERY = 5000
#: Candidates are fetched from this many points below ``--min``. The score is ``fuzz.ratio`` of the
#: case-sensitive text, the key is case-folded (ё as е), so the key's ratio is never lower; the
#: margin covers rounding and folds that change length (ß → ss).
RETRIEVAL_MARGIN = 1.0
#: Penalties are rounded to 0.1 point each (at most five of them) and the score once more.
_ROUNDING = 0.5


def _normal(text: str) -> str:
    """Text as the scorer compares it: NFKC, whitespace runs as one space, trimmed."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _query(text: str, markup: bool) -> Segment:
    text = unicodedata.normalize("NFC", text or "").strip()
    if not text:
        raise ValidationError("query must not be empty")
    if len(text) > MAX_QUERY:
        raise ValidationError(f"query is longer than {MAX_QUERY} characters")
    if markup:
        plain, tags = parse_markup(text)
        return Segment(plain, tags)
    return Segment(text)


class TmService:
    """Read access to the translation memory; safe to share between threads."""

    def __init__(self, db: Database, index: TmIndex | None = None) -> None:
        self.db = db
        self.index = index or TmIndex()
        self.terms = TermSpotter()

    def counts(self) -> tuple[int, int]:
        """(units, variants) in the TM."""
        with self.db.read() as s:
            return count_units(s)

    def match(self, text: str, *, source_lang: str, target_lang: str, min_score: float = 75.0, limit: int = 5,
              markup: bool = False, with_terms: bool = True) -> list[Match]:
        """The best units whose ``source_lang`` segment matches ``text`` with a score ≥ ``min_score``
        and which have a ``target_lang`` segment, best first; ``markup`` reads TMX inline tags in text."""
        query = _query(text, markup)
        key = match_key(query.text)
        if not key:
            raise ValidationError("query must not be empty")
        with self.db.read() as s:
            sources, targets = (resolve_languages(s, [source_lang]), resolve_languages(s, [target_lang]))
            if not sources or not targets:
                return []
            lang_ids = self._lang_ids(s, sources)
            found = self.index.fuzzy(s, key, lang_ids, max(1.0, min_score - RETRIEVAL_MARGIN), max(50, 10 * limit))
            ratio = {vid: r for vid, _k, r in found}
            units = load_units(s, set(units_of_variants(s, ratio).values()))
            matches = self._rank(query, ratio, units, sources, targets, target_lang, min_score, limit)
            if with_terms:
                termbase = self.terms.termbase(s)
                matches = [self._with_terms(termbase, query.text, m, source_lang, target_lang) for m in matches]
        return matches

    @staticmethod
    def _lang_ids(s: Session, tags: set[str]) -> list[int]:
        rows = s.connection().exec_driver_sql("SELECT id, tag FROM tm_lang").all()
        return [lang_id for lang_id, tag in rows if tag in tags]

    @staticmethod
    def _target(unit: UnitRecord, targets: set[str], wanted: str) -> VariantRecord | None:
        exact = languages.canonical(wanted)
        options = [v for v in unit.variants if v.lang in targets]
        return next((v for v in options if v.lang == exact), options[0] if options else None)

    def _rank(self, query: Segment, ratio: dict[int, float], units: dict[int, UnitRecord], sources: set[str],
              targets: set[str], target_lang: str, min_score: float, limit: int) -> list[Match]:
        """The ``limit`` best matches. Explained scores are computed best bound first and only while a
        candidate can still enter the list: a score is at most the ``fuzz.ratio`` of the normalized
        texts (tags only take points away) plus the rounding of its penalties."""
        candidates = []
        plain = _normal(query.text)
        for unit in units.values():
            target = self._target(unit, targets, target_lang)
            if target is None:
                continue
            for v in unit.variants:
                if v.id in ratio and v.lang in sources:
                    candidates.append((fuzz.ratio(plain, _normal(v.text)) + _ROUNDING, unit, v, target))
        candidates.sort(key=lambda c: -c[0])
        best: dict[int, tuple[Match, float]] = {}
        scorers: dict[bool, Scorer] = {}
        for bound, unit, v, target in candidates:
            if bound < min_score:
                break
            if len(best) >= limit and bound < sorted(e[0].score for e in best.values())[-limit]:
                break
            tags = parse_markup(v.markup)[1] if v.markup else ()
            by_char = character_based(v.lang, v.text)
            if by_char not in scorers:  # the query is analyzed once
                scorers[by_char] = Scorer(query, v.lang)
            scored = scorers[by_char].score(Segment(v.text, tags))
            if scored.score < min_score:
                continue
            entry = (Match(unit.id, scored.score, scored.penalties, v, target), ratio[v.id])
            if unit.id not in best or (entry[0].score, entry[1]) > (best[unit.id][0].score, best[unit.id][1]):
                best[unit.id] = entry
        ranked = sorted(best.values(), key=lambda e: (-e[0].score, -e[1], e[0].unit_id))
        return [m for m, _r in ranked][:limit]

    @staticmethod
    def _with_terms(termbase: Termbase, query: str, m: Match, source_lang: str, target_lang: str) -> Match:
        texts = [("query", query, m.source.lang), ("source", m.source.text, m.source.lang),
                 ("target", m.target.text, m.target.lang)]
        hits = term_hits(termbase, texts, source_lang, target_lang)
        return Match(m.unit_id, m.score, m.penalties, m.source, m.target, hits)

    def search(self, text: str, *, langs: Sequence[str] = (), limit: int = 20) -> list[Occurrence]:
        """Segments containing ``text`` (case-insensitive substring) in any language or in ``langs``."""
        key = match_key(_query(text, False).text)
        with self.db.read() as s:
            lang_ids = None
            if langs:
                wanted = resolve_languages(s, langs)
                lang_ids = self._lang_ids(s, wanted)
                if not lang_ids:
                    return []
            variant_ids = self.index.substring(s, key, lang_ids, limit)
            unit_of = units_of_variants(s, variant_ids)
            units = load_units(s, set(unit_of.values()))
        out = []
        for vid in variant_ids:
            unit = units.get(unit_of.get(vid))
            if unit is None:
                continue
            hit = next(v for v in unit.variants if v.id == vid)
            out.append(Occurrence(unit.id, hit, tuple(v for v in unit.variants if v.id != vid)))
        return out
