"""Term checks on one segment: key-term mismatch (bilingual) and deprecated/forbidden terms used."""

from __future__ import annotations

from glossary.checks import catalog
from glossary.checks.context import around, pair
from glossary.checks.matcher import Hit, TermMatcher
from glossary.checks.records import Finding, Segment
from glossary.checks.usage import best_term, has_language, preferred, same_language

_FORBIDDEN_STATUSES = ("forbidden",)
_WARN_STATUSES = ("deprecated", "superseded")


def term_usage(matcher: TermMatcher, seg: Segment, hits: list[Hit], text: str, lang: str | None) -> list[Finding]:
    """A finding for every deprecated, superseded, forbidden or erroneous term in ``text``."""
    out = []
    for hit in hits:
        term = best_term(hit, lang)
        if term.approved and term.type != "erroneous":
            continue
        if lang is not None and not same_language(term.lang, lang) and seg.bilingual:
            continue
        check = catalog.FORBIDDEN if term.status in _FORBIDDEN_STATUSES or term.type == "erroneous" else (
            catalog.DEPRECATED)
        if term.status not in (*_FORBIDDEN_STATUSES, *_WARN_STATUSES) and term.type != "erroneous":
            continue
        best = preferred(matcher, term.concept_id, term.lang)
        expected = best.text if best else None
        why = "an erroneous form" if term.type == "erroneous" else f"a {term.status} term"
        message = f"{hit.surface!r} is {why}" + (f"; use {expected!r}" if expected else "")
        out.append(Finding(0, check, catalog.severity(check), seg.file, seg.line, hit.surface, term.concept_id,
                           expected, message, pair(seg) if seg.bilingual else around(text, hit.start, hit.end),
                           lang=term.lang, key=term.text))
    return out


def key_terms(matcher: TermMatcher, seg: Segment, src_hits: list[Hit], tgt_hits: list[Hit]) -> list[Finding]:
    """Per occurrence: a source term whose concept has no approved target term in the target.

    Each approved target occurrence answers one source occurrence of its concept, so a name given
    twice in the source and once in the target raises one finding.
    """
    tgt_lang = seg.target_lang or ""
    available: dict[int, int] = {}
    for hit in tgt_hits:
        for cid in {t.concept_id for t in hit.terms if t.approved and same_language(t.lang, tgt_lang)}:
            available[cid] = available.get(cid, 0) + 1
    out = []
    seen: dict[str, int] = {}
    for hit in src_hits:
        concepts = sorted({t.concept_id for t in hit.terms if same_language(t.lang, seg.source_lang)})
        concepts = [c for c in concepts if has_language(matcher, c, tgt_lang)]
        if not concepts:
            continue
        answered = next((c for c in concepts if available.get(c, 0) > 0), None)
        if answered is not None:
            available[answered] -= 1
            continue
        cid = concepts[0]
        seen[hit.surface] = nth = seen.get(hit.surface, 0) + 1
        best = preferred(matcher, cid, tgt_lang)
        expected = best.text if best else None
        message = f"{hit.surface!r} is not translated with an approved {tgt_lang} term" + (
            f" (expected {expected!r})" if expected else "")
        out.append(Finding(0, catalog.KEYTERM, catalog.severity(catalog.KEYTERM), seg.file, seg.line, hit.surface,
                           cid, expected, message, pair(seg), lang=seg.source_lang,
                           key=f"{hit.surface}\x1f{seg.source}\x1f{nth}"))
    return out
