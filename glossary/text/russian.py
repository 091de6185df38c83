"""Russian lemma keys (pymorphy3): any case form of a name finds the nominative entry.

A stored term gets up to two keys: each word's most probable normal form, and the same with the
"stored terms are nominative" rule (a word with no nominative reading is kept as written, so the
surname «Токаев» is not read as the genitive plural of «токай»). A query gets its variants ordered
by likelihood: every word's first choice, then one word changed, then two.
"""

from __future__ import annotations

import itertools
from functools import lru_cache

import pymorphy3

from glossary.text.normalize import fold, words

# Function words are dropped from lemma keys so "в Ашхабаде" finds "Ашхабад".
_SKIP_POS = {"PREP", "CONJ", "PRCL", "INTJ"}
_MAX_VARIANTS = 24


@lru_cache(maxsize=1)
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer(lang="ru")


def _is_cyrillic_word(word: str) -> bool:
    return any("а" <= c <= "я" for c in word)


@lru_cache(maxsize=131072)
def _parses(word: str) -> list:  # type: ignore[type-arg]
    """pymorphy's readings of a word, parsed once for both lemma functions (parsing is their cost)."""
    return _morph().parse(word)


@lru_cache(maxsize=131072)
def _word_lemmas(word: str) -> tuple[str, ...]:
    """Distinct normal forms of a word, most probable first, the word itself last; () for a function word."""
    if not _is_cyrillic_word(word):
        return (word,)
    parses = _parses(word)
    if parses and parses[0].tag.POS in _SKIP_POS:
        return ()
    seen: dict[str, None] = {}
    for p in parses[:4]:
        seen.setdefault(p.normal_form.replace("ё", "е"), None)
    seen.setdefault(word, None)  # a name the dictionary does not know may be its own lemma
    return tuple(seen)


@lru_cache(maxsize=131072)
def _nominative_lemma(word: str) -> str | None:
    """Lemma of a word read as nominative; the word itself if it has no nominative reading."""
    if not _is_cyrillic_word(word):
        return word
    parses = _parses(word)
    if parses and parses[0].tag.POS in _SKIP_POS:
        return None
    nominative = [p for p in parses if "nomn" in p.tag or "Fixd" in p.tag]
    if not nominative:
        return word
    return nominative[0].normal_form.replace("ё", "е")


def lemma_keys(text: str) -> set[str]:
    """The stored lemma keys of a term written in the nominative (one or two), function words dropped."""
    ws = words(fold(text))
    first = [ls[0] for ls in map(_word_lemmas, ws) if ls]
    nominative = [lemma for lemma in map(_nominative_lemma, ws) if lemma]
    return {" ".join(k) for k in (first, nominative) if k}


def lemma_query_keys(text: str) -> list[str]:
    """Lemma keys for a query, most likely first: "Токаева" → "токаева" (the surname Tokayeva) and
    "токаев" (genitive of Tokayev); long phrases vary one or two words at a time, never all."""
    options = [ls for ls in (_word_lemmas(w) for w in words(fold(text))) if ls]
    if not options:
        return []
    base = [o[0] for o in options]
    keys: dict[str, None] = {" ".join(base): None}
    singles = [(i, alt) for i, opts in enumerate(options) for alt in opts[1:]]
    for i, alt in singles:
        keys.setdefault(" ".join([*base[:i], alt, *base[i + 1:]]), None)
    for (i, a), (j, b) in itertools.combinations(singles, 2):
        if len(keys) >= _MAX_VARIANTS:
            break
        if i != j:
            variant = list(base)
            variant[i], variant[j] = a, b
            keys.setdefault(" ".join(variant), None)
    return list(keys)[:_MAX_VARIANTS]
