"""Which term a hit most likely is, and the concept's approved forms: shared by the term checks."""

from __future__ import annotations

from functools import lru_cache

from glossary.checks.matcher import Hit, TermInfo, TermMatcher
from glossary.languages import primary
from glossary.text.normalize import fold


@lru_cache(maxsize=1024)
def same_language(term_lang: str, lang: str | None) -> bool:
    """Whether a term's language is the text's (``zh`` covers zh-Hans and zh-Hant)."""
    return lang is None or primary(term_lang) == primary(lang)


def best_term(hit: Hit, lang: str | None = None) -> TermInfo:
    """The term the surface form is: exactly written first, then folded, then approved, then by id.

    "China Central Asia Summit" (a deprecated spelling) and "China–Central Asia Summit" share one
    matching key; the surface decides which of the two was used.
    """
    if len(hit.terms) == 1:
        return hit.terms[0]
    return _best_term(hit.surface, lang, hit.terms)


@lru_cache(maxsize=65536)
def _best_term(surface: str, lang: str | None, terms: tuple[TermInfo, ...]) -> TermInfo:
    folded = fold(surface)
    pool = [t for t in terms if same_language(t.lang, lang)] or list(terms)
    return min(pool, key=lambda t: (t.text != surface, fold(t.text) != folded, not t.approved, t.id))


def preferred(matcher: TermMatcher, concept_id: int, lang: str) -> TermInfo | None:
    """The preferred term of a concept in a language (``zh`` → zh-Hans first), else the first approved one."""
    terms = [t for t in matcher.by_concept.get(concept_id, ()) if same_language(t.lang, lang)]
    exact = [t for t in terms if t.lang == lang] or terms
    ranked = sorted(exact, key=lambda t: (t.status != "preferred", not t.approved, t.type != "full", t.id))
    return ranked[0] if ranked and ranked[0].approved else None


def has_language(matcher: TermMatcher, concept_id: int, lang: str) -> bool:
    """Whether the concept has an approved term in ``lang``."""
    known = matcher.memo.get((concept_id, lang))
    if known is None:
        known = matcher.memo[(concept_id, lang)] = any(
            t.approved and same_language(t.lang, lang) for t in matcher.by_concept.get(concept_id, ()))
    return known
