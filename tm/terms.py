"""Termbase names inside a segment, found through the termbase's own keys (``term_key``).

Every run of up to eight words (up to sixteen characters of Chinese) is turned into the keys the
termbase stores (normalized, and Russian lemmas so «Шанхайской организации» finds «Шанхайская
организация»), and the longest non-overlapping names win: "Shanghai Cooperation Organisation" is
one name, not also "Shanghai".

The termbase's ``norm`` and ``lemma`` keys are held in memory (:class:`TermSpotter`, reloaded when
the termbase's revision changes), with each language's keys sorted: a run is only extended while
one of its keys is the beginning of a stored key (a longer run's keys start with the shorter run's),
so a sentence costs a few dictionary probes instead of a lemma analysis and an SQL lookup per run.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from collections import OrderedDict, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from glossary import languages
from glossary.text.keys import norm_key
from glossary.text.normalize import english_fold, fold, strip_latin_marks
from glossary.text.russian import _nominative_lemma, _word_lemmas
from glossary.vocab import APPROVED
from tm.records import TermHit

MAX_WORDS = 8
MAX_HAN = 16
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_LATIN_MARKED = re.compile("[\u0080-\u024f]")  # what strip_latin_marks may change
_SPOTTED_CACHE = 20_000  # texts whose names are kept per termbase revision


@dataclass(frozen=True)
class Spotted:
    """A termbase term found in a text at [start, end)."""

    concept_id: int
    term: str
    start: int
    end: int


def _starts_a_key(prefix: str, keys: list[str]) -> bool:
    """Whether some key in the sorted list ``keys`` begins with ``prefix``."""
    i = bisect_left(keys, prefix)
    return i < len(keys) and keys[i].startswith(prefix)


def _readings(word: str) -> tuple[str, str]:
    """A folded word's first lemma and its lemma read as nominative ("" for a function word): the
    parts :func:`glossary.text.russian.lemma_keys` joins into a run's two lemma keys."""
    lemmas = _word_lemmas(word)
    return (lemmas[0] if lemmas else "", _nominative_lemma(word) or "")


class Termbase:
    """One revision of the termbase as spotting needs it: key → terms, and each language's sorted keys."""

    def __init__(self, generation: tuple, key_rows: Sequence[tuple[str, int, str, str]],
                 term_rows: Sequence[tuple[int, str, str, str]]) -> None:
        self.generation = generation
        #: key → (concept id, term, language) in the order the index returns them (kind, key id).
        self.by_key: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
        keys_of: dict[str, set[str]] = defaultdict(set)
        for key, concept_id, term, lang in key_rows:
            self.by_key[key].append((concept_id, term, lang))
            keys_of[languages.primary(lang)].add(key)
        self.sorted_keys = {lang: sorted(keys) for lang, keys in keys_of.items()}
        #: concept id → its terms (language, text, status) in id order.
        self.terms_of: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
        for concept_id, lang, text, status in term_rows:
            self.terms_of[concept_id].append((lang, text, status))
        self._lock = threading.Lock()
        self._spotted: OrderedDict[tuple[str, str], list[Spotted]] = OrderedDict()

    def spans(self, text: str, lang: str) -> dict[str, list[tuple[int, int]]]:
        """Lookup key → spans of the (folded) text it stands for, for the runs that may name a term.

        The text is folded once the way :func:`glossary.text.compact` folds a term (case, dashes,
        quotes, English articles and possessives, Latin diacritics); a run of words then has the key
        its letters and digits make together, which is ``compact`` of that run.
        """
        keys: dict[str, list[tuple[int, int]]] = {}
        want = languages.primary(lang)
        stored = self.sorted_keys.get(want)
        if not stored:
            return keys
        if want in ("zh", "ja"):
            folded = norm_key(text, "han")  # punctuation-free, Simplified: positions are those of the key
            for i in range(len(folded)):
                for j in range(i + 2, min(len(folded), i + MAX_HAN) + 1):
                    key = folded[i:j]
                    if not _starts_a_key(key, stored):
                        break
                    keys.setdefault(key, []).append((i, j))
            return keys
        folded = english_fold(fold(text))
        if _LATIN_MARKED.search(folded):  # strip_latin_marks walks every character of Cyrillic text
            folded = strip_latin_marks(folded)
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(folded)]
        # Russian: inflected forms too, «Шанхайской организации» → «шанхайский организация»
        readings = [_readings(w) for _s, _e, w in words] if want == "ru" else None
        for i, (start, _end, _word) in enumerate(words):
            key, first, nominative = "", "", ""
            for k in range(i, min(i + MAX_WORDS, len(words))):
                end, word = words[k][1], words[k][2]
                key += word
                keys.setdefault(key, []).append((start, end))
                going = _starts_a_key(key, stored)
                if readings is not None:
                    # lemma_keys(run): the words' first and nominative lemmas, function words left out
                    a, b = readings[k]
                    first = f"{first} {a}" if first and a else first or a
                    nominative = f"{nominative} {b}" if nominative and b else nominative or b
                    for lemma in {first, nominative} - {""}:
                        keys.setdefault(lemma, []).append((start, end))
                    # a longer run's lemma keys extend these ("" so far, function words only, starts every key)
                    going = going or _starts_a_key(first, stored) or _starts_a_key(nominative, stored)
                if not going:
                    break
        return keys

    def spot(self, text: str, lang: str) -> list[Spotted]:
        """Termbase terms in ``lang`` (any script variant) named in ``text``, in text order, the
        longest name winning where names overlap (kept for the last texts: TM segments recur)."""
        with self._lock:
            found = self._spotted.get((text, lang))
            if found is not None:
                self._spotted.move_to_end((text, lang))
                return found
        found = self._spot(text, lang)
        with self._lock:
            self._spotted[(text, lang)] = found
            if len(self._spotted) > _SPOTTED_CACHE:
                self._spotted.popitem(last=False)
        return found

    def _spot(self, text: str, lang: str) -> list[Spotted]:
        keys = self.spans(text, lang)
        want, found = languages.primary(lang), []
        for key in sorted(keys):  # the order in which the key index lists them: ties keep it
            for concept_id, term, term_lang in self.by_key.get(key, ()):
                if languages.primary(term_lang) == want:
                    found += [Spotted(concept_id, term, a, b) for a, b in keys[key]]
        found.sort(key=lambda s: (-(s.end - s.start), s.start))
        chosen: list[Spotted] = []
        for s in found:
            if all(s.end <= c.start or s.start >= c.end for c in chosen):
                chosen.append(s)
        return sorted(chosen, key=lambda s: s.start)

    def approved_terms(self, concept_ids: Sequence[int], lang: str) -> dict[int, str]:
        """concept id → its approved term in ``lang`` (preferred before admitted, exact tag first)."""
        want, exact = languages.primary(lang), languages.canonical(lang)
        rank = {status: i for i, status in enumerate(APPROVED)}
        out: dict[int, str] = {}
        for concept_id in concept_ids:
            best: tuple[tuple[int, int], str] | None = None
            for term_lang, text, status in self.terms_of.get(concept_id, ()):
                if status not in rank or languages.primary(term_lang) != want:
                    continue
                order = (rank[status], 0 if term_lang == exact else 1)
                if best is None or order < best[0]:
                    best = (order, text)
            if best is not None:
                out[concept_id] = best[1]
        return out


class TermSpotter:
    """The current :class:`Termbase` of a database, loaded once per termbase revision; one per
    process, safe to share between threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._termbase: Termbase | None = None

    def termbase(self, session: Session) -> Termbase:
        """The termbase as of this session (reloaded when its revision or its last term or key changed)."""
        conn = session.connection()
        generation = tuple(conn.exec_driver_sql(
            "SELECT (SELECT value FROM silkterm_meta WHERE key = 'revision'), (SELECT max(id) FROM term), "
            "(SELECT max(id) FROM term_key)").one())
        with self._lock:
            if self._termbase is not None and self._termbase.generation == generation:
                return self._termbase
        key_rows = conn.exec_driver_sql(
            "SELECT k.key, t.concept_id, t.text, t.lang FROM term_key k JOIN term t ON t.id = k.term_id "
            "WHERE k.kind IN ('norm', 'lemma') ORDER BY k.kind, k.id").all()
        term_rows = conn.exec_driver_sql("SELECT concept_id, lang, text, status FROM term ORDER BY id").all()
        termbase = Termbase(generation, key_rows, term_rows)
        with self._lock:
            self._termbase = termbase
        return termbase


def term_hits(termbase: Termbase, texts: Sequence[tuple[str, str, str]], source_lang: str,
              target_lang: str) -> tuple[TermHit, ...]:
    """Termbase names in (where, text, lang) triples, each with the approved target-language term.

    ``where`` is ``query``, ``source`` or ``target``; a concept is listed once with every place it
    was found, in order of first appearance. ``termbase`` is :meth:`TermSpotter.termbase`, taken
    once per call of the caller (it keeps the texts it spotted).
    """
    seen: dict[int, tuple[str, list[str]]] = {}
    for where, text, lang in texts:
        for s in termbase.spot(text, lang):
            name, places = seen.setdefault(s.concept_id, (s.term, []))
            if where not in places:
                places.append(where)
    ids = list(seen)
    targets = termbase.approved_terms(ids, target_lang)
    sources = termbase.approved_terms(ids, source_lang)
    hits = []
    for cid, (term, places) in seen.items():
        # a name found only in the target is shown by its source-language term
        source_term = sources.get(cid, term) if places == ["target"] else term
        hits.append(TermHit(cid, source_term, targets.get(cid), tuple(places)))
    return tuple(hits)
