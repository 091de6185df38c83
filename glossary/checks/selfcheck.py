"""Termbase self-check: concepts missing a working language, two preferred terms, one term in two concepts."""

from __future__ import annotations

from collections import defaultdict

from glossary.checks import catalog
from glossary.checks.matcher import TermMatcher
from glossary.checks.records import Finding, Place
from glossary.checks.usage import same_language
from glossary.text.keys import norm_key

SCOPE = "termbase"
WORKING_LANGUAGES = ("en", "zh-Hans", "ru")


def selfcheck(matcher: TermMatcher) -> list[Finding]:
    """Every termbase problem, one finding each (file ``termbase``, line = concept id)."""
    out: list[Finding] = []
    shared: dict[tuple[str, str], set[int]] = defaultdict(set)
    for cid, terms in sorted(matcher.by_concept.items()):
        label = next((t.text for t in terms if t.lang == "en" and t.status == "preferred"), terms[0].text)
        for lang in WORKING_LANGUAGES:
            if not any(same_language(t.lang, lang) for t in terms):
                out.append(_finding(catalog.TB_MISSING, cid, label, None, f"concept {cid} ({label}) has no {lang} term",
                                    key=lang))
        preferred: dict[str, list[str]] = defaultdict(list)
        for t in terms:
            if t.status == "preferred":
                preferred[t.lang].append(t.text)
            if t.approved:
                shared[(t.lang, norm_key(t.text))].add(cid)
        for lang, texts in preferred.items():
            if len(texts) > 1:
                out.append(_finding(catalog.TB_TWO_PREFERRED, cid, " / ".join(texts), None,
                                    f"concept {cid} has {len(texts)} preferred {lang} terms", key=lang))
    for (lang, _key), cids in shared.items():
        if len(cids) > 1:
            ids = sorted(cids)
            text = next(t.text for t in matcher.by_concept[ids[0]] if t.lang == lang and norm_key(t.text) == _key)
            out.append(_finding(catalog.TB_SHARED, ids[0], text, None,
                                f"{text!r} ({lang}) is an approved term of concepts {', '.join(map(str, ids))}",
                                places=tuple(Place(SCOPE, c, text) for c in ids), lang=lang))
    return out


def _finding(check: str, cid: int, text: str, expected: str | None, message: str, *, key: str = "",
             places: tuple[Place, ...] = (), lang: str | None = None) -> Finding:
    return Finding(0, check, catalog.severity(check), SCOPE, cid, text, cid, expected, message, None, lang=lang,
                   places=places, scope=SCOPE, key=f"{text}\x1f{key}")
