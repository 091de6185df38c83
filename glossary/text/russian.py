"""Russian lemma keys (pymorphy3): any case form of a name finds the nominative entry."""

from __future__ import annotations

import itertools
from functools import lru_cache

import pymorphy3

from glossary.text.normalize import fold, words

# Function words are dropped from lemma keys so "в Ашхабаде" finds "Ашхабад".
_SKIP_POS = {"PREP", "CONJ", "PRCL", "INTJ"}
_MAX_VARIANTS = 16


@lru_cache(maxsize=1)
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=131072)
def _word_lemmas(word: str) -> tuple[str, ...]:
    """Distinct normal forms of a word, most probable first; () for a function word."""
    if not any("а" <= c <= "я" for c in word):
        return (word,)
    parses = _morph().parse(word)
    if parses and parses[0].tag.POS in _SKIP_POS:
        return ()
    seen: dict[str, None] = {}
    for p in parses[:4]:
        seen.setdefault(p.normal_form.replace("ё", "е"), None)
    seen.setdefault(word, None)  # the query word may itself be the stored nominative form
    return tuple(seen)


@lru_cache(maxsize=131072)
def _nominative_lemma(word: str) -> str | None:
    """Lemma of a word known to be in the nominative (stored terms are): "Токаев" → "токаев", not "токай"."""
    if not any("а" <= c <= "я" for c in word):
        return word
    parses = _morph().parse(word)
    if parses and parses[0].tag.POS in _SKIP_POS:
        return None
    nominative = [p for p in parses if "nomn" in p.tag or "Fixd" in p.tag]
    if not nominative:  # a name the dictionary mistakes for a form of another word ("Токаев" ≠ "токай")
        return word
    return nominative[0].normal_form.replace("ё", "е")


def lemma_key(text: str) -> str:
    """The stored lemma key of a term written in the nominative, function words dropped."""
    lemmas = [lemma for lemma in map(_nominative_lemma, words(fold(text))) if lemma]
    return " ".join(lemmas)


def lemma_query_keys(text: str) -> list[str]:
    """Lemma keys for a query, covering ambiguous forms ("Токаева": "токаева" or "токаев")."""
    options = [ls for ls in (_word_lemmas(w) for w in words(fold(text))) if ls]
    if not options:
        return []
    combos = itertools.islice(itertools.product(*options), _MAX_VARIANTS)
    return list(dict.fromkeys(" ".join(c) for c in combos))
