"""Explained fuzzy-match scores: 100 minus named penalties, the way OmegaT and Okapi explain theirs.

A segment is split into tokens: words (English, Russian, any alphabet), single Chinese characters,
numbers and punctuation marks. The penalties, each reported with its points:

- ``edit``: 100 − the similarity of the two segments with case, punctuation and number values
  set aside. Word-aware for alphabetic languages (Indel similarity over word tokens: one changed
  word in twenty costs 5 points, however long the word); character-based for Chinese and
  Japanese (``fuzz.ratio`` over the characters, no word segmentation needed).
- ``numbers``: 3 points per number that differs (``17`` vs ``18``, a missing ``2025``).
- ``punctuation``: 1 point per punctuation mark that differs (at most 5).
- ``case``: 1 point per word that differs only in case (at most 5).
- ``tags``: 2 points per inline code missing or extra (at most 10); a bpt/ept pair is one code.

So the score is ``100 − Σ points`` (never below 0), and an exact match scores 100 with no penalty.
Nothing here touches the database.
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

NUMBER_POINTS = 3.0
PUNCT_POINTS, PUNCT_MAX = 1.0, 5.0
CASE_POINTS, CASE_MAX = 1.0, 5.0
TAG_POINTS, TAG_MAX = 2.0, 10.0
_CHARACTER_LANGS = {"zh", "ja"}
_HAN = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_TOKEN = re.compile(
    rf"(?P<han>[{_HAN}])|(?P<num>\d+(?:[.,:/]\d+)*)|(?P<word>[^\W\d_{_HAN}]+)|(?P<punct>[^\w\s])")
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
    words: list[str]
    """Word-like tokens as written (words, Chinese characters, numbers)."""
    core: list[str]
    """The same, case-folded, with every number as ``#``."""
    numbers: Counter[str]
    punct: Counter[str]


def character_based(lang: str | None, text: str) -> bool:
    """Whether a language is compared character by character (Chinese, Japanese)."""
    if lang:
        return primary(lang) in _CHARACTER_LANGS
    return script_of(text) == "han"


def _number(raw: str) -> str:
    return raw.replace(",", "") if _THOUSANDS.match(raw) else raw


def analyze(text: str) -> _Analysis:
    """Tokens of a segment for scoring."""
    words, core, numbers, punct = [], [], Counter(), Counter()
    for m in _TOKEN.finditer(unicodedata.normalize("NFKC", text)):
        kind, tok = m.lastgroup, m.group()
        if kind == "punct":
            punct[tok] += 1
        elif kind == "num":
            words.append(tok)
            core.append("#")
            numbers[_number(tok)] += 1
        else:
            words.append(tok)
            core.append(tok.casefold())
    return _Analysis(words, core, numbers, punct)


def _differ(a: Counter[str], b: Counter[str]) -> tuple[list[str], list[str], int]:
    """(only in a, only in b, how many differ: a changed one counts once)."""
    only_a, only_b = sorted((a - b).elements()), sorted((b - a).elements())
    return only_a, only_b, max(len(only_a), len(only_b))


def _versus(only_query: list[str], only_match: list[str]) -> str:
    return f"{' '.join(only_query) or '—'} vs {' '.join(only_match) or '—'}"


def _edit(q: _Analysis, c: _Analysis, by_char: bool) -> tuple[float, int, list[tuple[int, int]]]:
    """(similarity 0–100, tokens that differ, aligned token pairs)."""
    ops = Indel.opcodes(q.core, c.core)
    aligned, changed_q, changed_c = [], 0, 0
    for op in ops:
        if op.tag == "equal":
            aligned.extend(zip(range(op.src_start, op.src_end), range(op.dest_start, op.dest_end), strict=True))
        else:
            changed_q += op.src_end - op.src_start
            changed_c += op.dest_end - op.dest_start
    if by_char:
        similarity = fuzz.ratio("".join(q.core), "".join(c.core))
    else:
        similarity = 100.0 * Indel.normalized_similarity(q.core, c.core)
    return similarity, max(changed_q, changed_c), aligned


def score(query: Segment, candidate: Segment, lang: str | None = None) -> Scored:
    """Score ``candidate`` (a TM segment) against ``query``; ``lang`` is their language."""
    q, c = analyze(query.text), analyze(candidate.text)
    by_char = character_based(lang, query.text)
    unit = "character" if by_char else "word"
    penalties: list[Penalty] = []

    similarity, changed, aligned = _edit(q, c, by_char)
    if similarity < 100:
        detail = f"1 {unit} differs" if changed == 1 else f"{changed} {unit}s differ"
        penalties.append(Penalty("edit", round(100 - similarity, 1), detail))
    only_q, only_c, n = _differ(q.numbers, c.numbers)
    if n:
        penalties.append(Penalty("numbers", NUMBER_POINTS * n, _versus(only_q, only_c)))
    only_q, only_c, n = _differ(q.punct, c.punct)
    if n:
        penalties.append(Penalty("punctuation", min(PUNCT_MAX, PUNCT_POINTS * n), _versus(only_q, only_c)))
    cased = [c.words[j] for i, j in aligned if q.words[i] != c.words[j] and q.core[i] != "#"]
    if cased:
        penalties.append(Penalty("case", min(CASE_MAX, CASE_POINTS * len(cased)), ", ".join(cased[:5])))
    tq, tc = tag_counts(query.tags), tag_counts(candidate.tags)
    n = sum(((tq - tc) + (tc - tq)).values())
    if n:
        missing, extra = sum((tc - tq).values()), sum((tq - tc).values())
        penalties.append(Penalty("tags", min(TAG_MAX, TAG_POINTS * n),
                                 f"{missing} inline code(s) only in the match, {extra} only in the query"))
    total = sum(p.points for p in penalties)
    return Scored(round(max(0.0, 100.0 - total), 1), tuple(penalties))
