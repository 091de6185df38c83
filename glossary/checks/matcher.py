"""The compiled multi-pattern term matcher: every termbase term found in a text in one pass.

Three indexes, built once per data revision, none of them a loop over terms at match time:

* Latin (and other word-script) terms: an Aho-Corasick automaton (pyahocorasick) over the text's
  folded word tokens joined by single spaces, each pattern padded with spaces, so matches respect
  word boundaries ("Xi" is not found inside "Xinjiang") and ignore case, dashes and punctuation.
* Chinese terms: an Aho-Corasick automaton over the text's letters with Traditional characters
  folded to Simplified (OpenCC, as lookup does), matched as substrings.
* Russian terms: a trie over the lemma keys stored in ``term_key`` (pymorphy3, as lookup uses),
  walked over every reading of each word, so any case form finds the nominative entry.

Overlapping hits are resolved longest first, so a name inside a longer name is not found twice.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

import ahocorasick
from sqlalchemy import text as sql

from glossary.db import Database, data_revision
from glossary.text.chinese import to_simplified
from glossary.text.normalize import strip_latin_marks
from glossary.text.russian import _word_lemmas

_TOKEN_RE = re.compile(r"[^\W_]+")
_NON_TOKEN_RE = re.compile(r"[\W_]+")
_MARKED_RE = re.compile(r"[\u00c0-\u024f]")  # Latin letters with diacritics (é, ä, ş)
_CYR_RE = re.compile(r"[а-яА-ЯёЁ]")
_HAN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_ARTICLES = {"the"}


@dataclass(frozen=True)
class TermInfo:
    """A termbase term as the checks need it."""

    id: int
    concept_id: int
    lang: str
    text: str
    status: str
    type: str

    @property
    def approved(self) -> bool:
        """Preferred or admitted: a translator may use it without a warning."""
        return self.status in ("preferred", "admitted")


@dataclass(frozen=True)
class Hit:
    """One occurrence of one or more terms (same surface key, maybe several concepts) in a text."""

    start: int
    end: int
    surface: str
    terms: tuple[TermInfo, ...]

    @property
    def concept_ids(self) -> frozenset[int]:
        """The concepts this occurrence may name."""
        return frozenset(t.concept_id for t in self.terms)


@lru_cache(maxsize=262144)
def fold_token(token: str) -> str:
    """A word token folded for matching: NFKC, case, ё→е, Latin diacritics."""
    return strip_latin_marks(unicodedata.normalize("NFKC", token).casefold().replace("ё", "е"))


@lru_cache(maxsize=65536)
def _fold_han_char(ch: str) -> str:
    return to_simplified(unicodedata.normalize("NFKC", ch)).casefold()


@dataclass(frozen=True)
class Tokens:
    """The folded words of a text with their character offsets in it (three parallel lists)."""

    words: list[str]
    starts: list[int]
    ends: list[int]

    def __len__(self) -> int:
        return len(self.words)


_SPLIT_RE = re.compile(r"([^\W_]+)")


def tokens(text: str) -> Tokens:
    """The folded words of ``text`` (NFKC, case, ё→е, Latin diacritics) and where each one is."""
    if not unicodedata.is_normalized("NFKC", text):
        normalized = unicodedata.normalize("NFKC", text)  # no-break spaces, full-width letters, ligatures
        if len(normalized) != len(text):
            return _tokens_one_by_one(text)
        text = normalized
    folded = text.casefold().replace("ё", "е")
    if len(folded) != len(text):
        return _tokens_one_by_one(text)
    # split() with a group alternates separators and words; offsets of the parts come from their lengths.
    parts = _SPLIT_RE.split(folded)
    offsets = list(accumulate(map(len, parts), initial=0))
    words = parts[1::2]
    if not (folded.isascii() or not _MARKED_RE.search(folded)):
        words = [w if w.isascii() else strip_latin_marks(w) for w in words]
    return Tokens(words, offsets[1:-1:2], offsets[2::2])


def _tokens_one_by_one(text: str) -> Tokens:
    found = [(m.start(), m.end(), fold_token(m.group())) for m in _TOKEN_RE.finditer(text)]
    return Tokens([w for _s, _e, w in found], [s for s, _e, _w in found], [e for _s, e, _w in found])


def word_key(text: str) -> str:
    """The Aho-Corasick key of a word-script term: folded tokens, a leading article dropped, space-padded."""
    words = tokens(text).words
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return f" {' '.join(words)} " if words else ""


def han_key(text: str) -> str:
    """The Aho-Corasick key of a Chinese term: letters only, Traditional folded to Simplified."""
    return _NON_TOKEN_RE.sub("", to_simplified(unicodedata.normalize("NFKC", text)).casefold())


def term_script(text: str) -> str:
    """Which index a term goes to: ``han`` (any Han character), ``cyrillic`` (any Cyrillic letter), ``word``."""
    if _HAN_RE.search(text):
        return "han"
    return "cyrillic" if _CYR_RE.search(text) else "word"


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return 2 <= len(letters) <= 6 and all(c.isupper() for c in letters)


def _is_capitalized_word(text: str) -> bool:
    return text[:1].isupper() and text.isalpha()


def _case_checked(hit: Hit) -> Hit | None:
    """Acronyms match only in capitals ("US" is the United States, "us" is not) and one-word names
    only capitalized ("Sun" may be Sun Weidong, "sun" is not)."""
    if not any(_is_acronym(t.text) or _is_capitalized_word(t.text) for t in hit.terms):
        return hit
    letters = "".join(c for c in hit.surface if c.isalpha())
    terms = tuple(t for t in hit.terms if (not _is_acronym(t.text) or letters.isupper())
                  and (not _is_capitalized_word(t.text) or hit.surface[:1].isupper()))
    if len(terms) == len(hit.terms):
        return hit
    return Hit(hit.start, hit.end, hit.surface, terms) if terms else None


class TermMatcher:
    """All terms of a termbase compiled for matching; ``find(text)`` returns the hits, longest first wins."""

    def __init__(self, terms: list[TermInfo], lemma_keys: dict[int, list[str]], revision: int = 0,
                 categories: dict[int, str] | None = None) -> None:
        self.revision = revision
        self.terms = terms
        self.categories = categories or {}
        #: Per-termbase answers the checks compute once (which concepts have which languages ...).
        self.memo: dict = {}
        self.by_concept: dict[int, list[TermInfo]] = defaultdict(list)
        self._words = ahocorasick.Automaton()
        self._han = ahocorasick.Automaton()
        self._lemma_trie: dict = {}
        word_groups: dict[str, list[TermInfo]] = defaultdict(list)
        han_groups: dict[str, list[TermInfo]] = defaultdict(list)
        lemma_groups: dict[tuple[str, ...], list[TermInfo]] = defaultdict(list)
        for term in terms:
            self.by_concept[term.concept_id].append(term)
            script = term_script(term.text)
            if script == "han":
                if key := han_key(term.text):
                    han_groups[key].append(term)
            elif script == "cyrillic":
                for key in lemma_keys.get(term.id) or []:
                    lemma_groups[tuple(key.split())].append(term)
            elif key := word_key(term.text):
                word_groups[key].append(term)
        for key, group in word_groups.items():
            self._words.add_word(key, (len(key), tuple(group)))
        for key, group in han_groups.items():
            self._han.add_word(key, (len(key), tuple(group)))
        #: Every word of every term (folded) and of every Russian lemma key: "known words".
        self.known_words = {w for key in word_groups for w in key.split()}
        self.known_words.update(w for words in lemma_groups for w in words)
        for words, group in lemma_groups.items():
            node = self._lemma_trie
            for w in words:
                node = node.setdefault(w, {})
            node[None] = tuple(dict.fromkeys([*node.get(None, ()), *group]))
        if word_groups:
            self._words.make_automaton()
        if han_groups:
            self._han.make_automaton()
        self.pattern_count = len(word_groups) + len(han_groups) + len(lemma_groups)

    @classmethod
    def from_database(cls, db: Database) -> TermMatcher:
        """Compile every term of the database (lemma keys come from the lookup index, not recomputed)."""
        with db.read() as s:
            revision = data_revision(s)
            rows = s.execute(sql("SELECT id, concept_id, lang, text, status, type FROM term")).all()
            lemma_rows = s.execute(sql("SELECT term_id, key FROM term_key WHERE kind = 'lemma'")).all()
            categories = dict(s.execute(sql("SELECT id, category FROM concept")).all())
        lemmas: dict[int, list[str]] = defaultdict(list)
        for term_id, key in lemma_rows:
            lemmas[term_id].append(key)
        terms = [TermInfo(*row) for row in rows]
        return cls(terms, lemmas, revision, categories)

    # ---- matching ------------------------------------------------------------------------------
    def find(self, text: str, toks: Tokens | None = None) -> list[Hit]:
        """Every term occurrence in ``text`` (overlaps resolved: the longest wins), in text order.

        ``toks`` are the text's :func:`tokens` when the caller has them already.
        """
        toks = tokens(text) if toks is None else toks
        candidates = [h for h in map(_case_checked, self._word_hits(text, toks) + self._lemma_hits(text, toks))
                      if h is not None] + self._han_hits(text)
        if not candidates:
            return []
        candidates.sort(key=lambda h: (h.start - h.end, h.start))
        taken: list[Hit] = []
        for hit in candidates:
            if all(hit.end <= t.start or hit.start >= t.end for t in taken):
                taken.append(hit)
        taken.sort(key=lambda h: h.start)
        return taken

    def _word_hits(self, text: str, toks: Tokens) -> list[Hit]:
        if not toks or not len(self._words):
            return []
        words = toks.words
        found = list(self._words.iter(f" {' '.join(words)} "))
        if not found:
            return []
        # Token i starts at offset i + 1 + cum[i] of " w0 w1 … wn " (cum: lengths of the tokens before it).
        cum = list(accumulate(map(len, words), initial=0))
        n = len(words)
        hits = []
        for end_pos, (length, group) in found:
            first = bisect_left(range(n), end_pos - length + 1, key=lambda i: i + cum[i])
            last = bisect_right(range(n), end_pos - 1, key=lambda i: i + cum[i]) - 1
            start, end = toks.starts[first], toks.ends[last]
            hits.append(Hit(start, end, text[start:end], group))
        return hits

    def _han_hits(self, text: str) -> list[Hit]:
        if not len(self._han) or not _HAN_RE.search(text):
            return []
        folded = to_simplified(unicodedata.normalize("NFKC", text)).casefold()
        if len(folded) != len(text):  # a fold changed the length: map character by character
            pairs = [(f, i) for i, c in enumerate(text) if c.isalnum() for f in _fold_han_char(c)]
            stream, origin = "".join(f for f, _i in pairs), [i for _f, i in pairs]
        else:
            runs = [(m.start(), m.group()) for m in _TOKEN_RE.finditer(folded)]
            stream = "".join(r for _s, r in runs)
            origin = [start + k for start, run in runs for k in range(len(run))]
        hits = []
        for end_pos, (length, group) in self._han.iter(stream):
            start, end = origin[end_pos - length + 1], origin[end_pos] + 1
            hits.append(Hit(start, end, text[start:end], group))
        return hits

    def _lemma_hits(self, text: str, toks: Tokens) -> list[Hit]:
        if not self._lemma_trie or not _CYR_RE.search(text):
            return []
        readings: list[tuple[int, tuple[str, ...]]] = []
        for i, tok in enumerate(toks.words):
            alts = _word_lemmas(tok)
            if alts:  # function words ("в", "и") are not part of lemma keys
                readings.append((i, alts))
        hits = []
        root = self._lemma_trie
        for k, (_i, alts) in enumerate(readings):
            if root.keys().isdisjoint(alts):
                continue
            stack = [(root, k)]
            while stack:
                node, j = stack.pop()
                if j >= len(readings):
                    continue
                for alt in readings[j][1]:
                    child = node.get(alt)
                    if child is None:
                        continue
                    if None in child:
                        start, end = toks.starts[readings[k][0]], toks.ends[readings[j][0]]
                        hits.append(Hit(start, end, text[start:end], child[None]))
                    stack.append((child, j + 1))
        return hits
