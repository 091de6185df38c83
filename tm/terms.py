"""Termbase names inside a segment, found through the termbase's own key index (``term_key``).

Every run of up to eight words (up to sixteen characters of Chinese) is turned into the keys the
termbase stores (normalized, and Russian lemmas so «Шанхайской организации» finds «Шанхайская
организация»), looked up in one query, and the longest non-overlapping names win: "Shanghai
Cooperation Organisation" is one name, not also "Shanghai".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from glossary import languages
from glossary.text.keys import norm_key
from glossary.text.normalize import english_fold, fold, strip_latin_marks
from glossary.text.russian import lemma_keys
from glossary.vocab import APPROVED
from tm.records import TermHit

MAX_WORDS = 8
MAX_HAN = 16
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_IN_CHUNK = 900


@dataclass(frozen=True)
class Spotted:
    """A termbase term found in a text at [start, end)."""

    concept_id: int
    term: str
    start: int
    end: int


def _spans(text: str, lang: str) -> dict[str, list[tuple[int, int]]]:
    """Lookup key → spans of the (folded) text it stands for.

    The text is folded once the way :func:`glossary.text.compact` folds a term (case, dashes,
    quotes, English articles and possessives, Latin diacritics); a run of words then has the key
    its letters and digits make together, which is ``compact`` of that run.
    """
    keys: dict[str, list[tuple[int, int]]] = {}
    if languages.primary(lang) in ("zh", "ja"):
        folded = norm_key(text, "han")  # punctuation-free, Simplified: positions are those of the key
        for i in range(len(folded)):
            for j in range(i + 2, min(len(folded), i + MAX_HAN) + 1):
                keys.setdefault(folded[i:j], []).append((i, j))
        return keys
    folded = strip_latin_marks(english_fold(fold(text)))
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(folded)]
    russian = languages.primary(lang) == "ru"
    for i, (start, _end, _word) in enumerate(words):
        key = ""
        for _s, end, word in words[i:i + MAX_WORDS]:
            key += word
            keys.setdefault(key, []).append((start, end))
            if russian:  # inflected forms: «Шанхайской организации» → «шанхайский организация»
                for lemma in lemma_keys(folded[start:end]):
                    keys.setdefault(lemma, []).append((start, end))
    return keys


def spot(session: Session, text: str, lang: str) -> list[Spotted]:
    """Termbase terms in ``lang`` (any script variant) named in ``text``, longest first, no overlaps."""
    keys = _spans(text, lang)
    if not keys:
        return []
    conn, want, found = session.connection(), languages.primary(lang), []
    items = list(keys)
    for start in range(0, len(items), _IN_CHUNK):
        chunk = items[start:start + _IN_CHUNK]
        rows = conn.exec_driver_sql(
            "SELECT k.key, t.concept_id, t.text, t.lang FROM term_key k JOIN term t ON t.id = k.term_id "
            f"WHERE k.kind IN ('norm', 'lemma') AND k.key IN ({','.join('?' * len(chunk))})", tuple(chunk)).all()
        for key, concept_id, term, term_lang in rows:
            if languages.primary(term_lang) == want:
                found += [Spotted(concept_id, term, a, b) for a, b in keys[key]]
    found.sort(key=lambda s: (-(s.end - s.start), s.start))
    chosen: list[Spotted] = []
    for s in found:
        if all(s.end <= c.start or s.start >= c.end for c in chosen):
            chosen.append(s)
    return sorted(chosen, key=lambda s: s.start)


def approved_terms(session: Session, concept_ids: Sequence[int], lang: str) -> dict[int, str]:
    """concept id → its approved term in ``lang`` (preferred before admitted, exact tag first)."""
    if not concept_ids:
        return {}
    want, exact = languages.primary(lang), languages.canonical(lang)
    rows = session.connection().exec_driver_sql(
        f"SELECT concept_id, lang, text, status FROM term WHERE concept_id IN ({','.join('?' * len(concept_ids))})",
        tuple(concept_ids)).all()
    rank = {status: i for i, status in enumerate(APPROVED)}
    best: dict[int, tuple[tuple[int, int], str]] = {}
    for concept_id, term_lang, text, status in rows:
        if status not in rank or languages.primary(term_lang) != want:
            continue
        order = (rank[status], 0 if term_lang == exact else 1)
        if concept_id not in best or order < best[concept_id][0]:
            best[concept_id] = (order, text)
    return {cid: text for cid, (_order, text) in best.items()}


def term_hits(session: Session, texts: Sequence[tuple[str, str, str]], source_lang: str, target_lang: str,
              cache: dict[tuple[str, str], list[Spotted]] | None = None) -> tuple[TermHit, ...]:
    """Termbase names in (where, text, lang) triples, each with the approved target-language term.

    ``where`` is ``query``, ``source`` or ``target``; a concept is listed once with every place it
    was found, in order of first appearance. ``cache`` keeps spotted texts between calls (the
    query, met once per match).
    """
    cache = {} if cache is None else cache
    seen: dict[int, tuple[str, list[str]]] = {}
    for where, text, lang in texts:
        if (text, lang) not in cache:
            cache[(text, lang)] = spot(session, text, lang)
        for s in cache[(text, lang)]:
            name, places = seen.setdefault(s.concept_id, (s.term, []))
            if where not in places:
                places.append(where)
    ids = list(seen)
    targets = approved_terms(session, ids, target_lang)
    sources = approved_terms(session, ids, source_lang)
    hits = []
    for cid, (term, places) in seen.items():
        # a name found only in the target is shown by its source-language term
        source_term = sources.get(cid, term) if places == ["target"] else term
        hits.append(TermHit(cid, source_term, targets.get(cid), tuple(places)))
    return tuple(hits)
