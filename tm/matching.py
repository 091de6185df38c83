"""Explained fuzzy-match scores: every point lost is attributed to a named reason.

The score is ``fuzz.ratio`` (2·LCS/(la+lb), the metric of the retrieval window and of the recall
benchmark) of the two segments in Unicode NFKC with runs of whitespace as one space, minus points
for inline codes. The points lost are split, never invented:

- ``case``: the ratio after case-folding minus the ratio before (letters that differ only in case);
- then each character the case-folded comparison inserts or deletes costs 100/(la+lb) points and
  is charged to what it is: a digit to ``numbers``, punctuation or a symbol to ``punctuation``,
  a letter, a Chinese character or a space to ``edit``;
- ``tags``: 2 points per inline code (``bpt``/``ept`` pair, ``ph``, ``it``, ``hi``) missing or
  extra, at most 10.

So ``score = 100 − Σ points`` and an exact match scores 100 with no penalty. The details are
word-aware for alphabetic languages (which words differ, which numbers, which words in another
case) and character-based for Chinese and Japanese (how many characters differ, no word
segmentation). Nothing here touches the database.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from glossary.languages import primary
from glossary.text import script_of
from tm.markup import tag_counts
from tm.records import Penalty

TAG_POINTS, TAG_MAX = 2.0, 10.0
_CHARACTER_LANGS = {"zh", "ja"}
_HAN = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_TOKEN = re.compile(
    rf"(?P<han>[{_HAN}])|(?P<num>\d+(?:[.,:/]\d+)*)|(?P<word>[^\W\d_{_HAN}]+)|(?P<punct>[^\w\s])")
_SPACE = re.compile(r"\s+")
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+$")


@dataclass(frozen=True)
class Segment:
    """Text to compare: plain text and the inline codes it carries (``bpt``, ``ph`` ...)."""

    text: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scored:
    """A score and every point lost."""

    score: float
    penalties: tuple[Penalty, ...]


@dataclass(frozen=True)
class _Analysis:
    text: str
    """NFKC, whitespace runs as one space."""
    folded: str
    words: list[str]
    """Word-like tokens as written (words, Chinese characters, numbers)."""
    core: list[str]
    """The same, case-folded, with every number as ``#``."""
    numbers: Counter[str]


def character_based(lang: str | None, text: str) -> bool:
    """Whether a language is compared character by character (Chinese, Japanese)."""
    if lang:
        return primary(lang) in _CHARACTER_LANGS
    return script_of(text) == "han"


def _number(raw: str) -> str:
    return raw.replace(",", "") if _THOUSANDS.match(raw) else raw


def analyze(text: str) -> _Analysis:
    """A segment prepared for scoring."""
    normal = _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    words, core, numbers = [], [], Counter()
    for m in _TOKEN.finditer(normal):
        kind, tok = m.lastgroup, m.group()
        if kind == "num":
            words.append(tok)
            core.append("#")
            numbers[_number(tok)] += 1
        elif kind != "punct":
            words.append(tok)
            core.append(tok.casefold())
    return _Analysis(normal, normal.casefold(), words, core, numbers)


def _reason(ch: str) -> str:
    """What an inserted or deleted character is charged to."""
    category = unicodedata.category(ch)
    if category[0] == "N":
        return "numbers"
    if category[0] in "PS":
        return "punctuation"
    return "edit"


def _changed_tokens(a: list[str], b: list[str]) -> int:
    """Tokens that differ: each run of deletions and insertions between equal stretches counts as
    its longer side (a replaced word is one word, not a deletion and an insertion)."""
    changed = deleted = inserted = 0
    for op in Indel.opcodes(a, b):
        if op.tag == "equal":
            changed += max(deleted, inserted)
            deleted = inserted = 0
        else:
            deleted += op.src_end - op.src_start
            inserted += op.dest_end - op.dest_start
    return changed + max(deleted, inserted)


def _versus(only_query: list[str], only_match: list[str]) -> str:
    return f"{' '.join(only_query) or '—'} vs {' '.join(only_match) or '—'}"


class Scorer:
    """Scores TM segments against one query, analyzed once; ``lang`` is the query's language."""

    def __init__(self, query: Segment, lang: str | None = None) -> None:
        self.query = query
        self._q = analyze(query.text)
        self._unit = "character" if character_based(lang, query.text) else "word"
        self._tags = tag_counts(query.tags)

    def score(self, candidate: Segment) -> Scored:
        """The score of ``candidate`` and every point it lost."""
        q, c = self._q, analyze(candidate.text)
        points = self._text_points(q, c)
        tq, tc = self._tags, tag_counts(candidate.tags)
        codes = sum(((tq - tc) + (tc - tq)).values())
        if codes:
            points["tags"] = min(TAG_MAX, TAG_POINTS * codes)
        penalties = tuple(Penalty(reason, round(value, 1), self._detail(reason, q, c, tq, tc))
                          for reason, value in points.items() if round(value, 1) > 0)
        return Scored(round(max(0.0, 100.0 - sum(p.points for p in penalties)), 1), penalties)

    @staticmethod
    def _text_points(q: _Analysis, c: _Analysis) -> dict[str, float]:
        """Points lost to the text, by reason, in a stable order; they add up to 100 − ratio."""
        points = {"edit": 0.0, "numbers": 0.0, "punctuation": 0.0, "case": 0.0}
        total = len(q.folded) + len(c.folded)
        if not total:
            return points
        points["case"] = max(0.0, fuzz.ratio(q.folded, c.folded) - fuzz.ratio(q.text, c.text))
        for op in Indel.editops(q.folded, c.folded):
            ch = q.folded[op.src_pos] if op.tag == "delete" else c.folded[op.dest_pos]
            points[_reason(ch)] += 100.0 / total
        return points

    def _detail(self, reason: str, q: _Analysis, c: _Analysis, tq: Counter[str], tc: Counter[str]) -> str:
        if reason == "edit":
            changed = _changed_tokens(q.core, c.core)
            return f"1 {self._unit} differs" if changed == 1 else f"{changed} {self._unit}s differ"
        if reason == "numbers":
            return _versus(sorted((q.numbers - c.numbers).elements()), sorted((c.numbers - q.numbers).elements()))
        if reason == "punctuation":
            pq = Counter(ch for ch in q.text if _reason(ch) == "punctuation")
            pc = Counter(ch for ch in c.text if _reason(ch) == "punctuation")
            return _versus(sorted((pq - pc).elements()), sorted((pc - pq).elements()))
        if reason == "case":
            cased = [c.words[j] for op in Indel.opcodes(q.core, c.core) if op.tag == "equal"
                     for i, j in zip(range(op.src_start, op.src_end), range(op.dest_start, op.dest_end), strict=True)
                     if q.words[i] != c.words[j] and q.core[i] != "#"]
            return ", ".join(cased[:5])
        missing, extra = sum((tc - tq).values()), sum((tq - tc).values())
        return f"{missing} inline code(s) only in the match, {extra} only in the query"


def score(query: Segment, candidate: Segment, lang: str | None = None) -> Scored:
    """Score ``candidate`` (a TM segment) against ``query``; ``lang`` is their language."""
    return Scorer(query, lang).score(candidate)
