"""Inconsistent translation across all bilingual segments of a run: one source translated several
ways, and one translation given to several different sources."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from glossary.checks import catalog
from glossary.checks.records import Finding, Place, Segment
from glossary.languages import primary

_NON_WORD = re.compile(r"[\W_]+")

_MIN_KEY = 4  # "Yes"/"Да" and one-word cells are too short to call inconsistent


def compact(text: str) -> str:
    """Grouping key of a segment: case, spaces and punctuation ignored."""
    return _NON_WORD.sub("", text.casefold())


def inconsistent(segments: Sequence[Segment]) -> list[Finding]:
    """Findings for sources with several distinct translations and translations of several sources."""
    keyed = [(seg, compact(seg.source), compact(seg.target or "")) for seg in segments if seg.bilingual]
    return _group(keyed, reverse=False) + _group(keyed, reverse=True)


def _group(keyed: list[tuple[Segment, str, str]], *, reverse: bool) -> list[Finding]:
    groups: dict[tuple[str, str, str], dict[str, list[Segment]]] = defaultdict(lambda: defaultdict(list))
    for seg, src, tgt in keyed:
        key, other = (tgt, src) if reverse else (src, tgt)
        if len(key) < _MIN_KEY or not other:
            continue
        groups[(primary(seg.source_lang), primary(seg.target_lang or ""), key)][other].append(seg)
    check = catalog.INCONSISTENT_TARGET if reverse else catalog.INCONSISTENT_SOURCE
    out = []
    for (_sl, _tl, key), variants in groups.items():
        if len(variants) < 2:
            continue
        segs = [s for group in variants.values() for s in group]
        first = segs[0]
        shown = first.target if reverse else first.source
        places = tuple(Place(s.file, s.line, (s.source if reverse else s.target) or "") for s in segs)
        if reverse:
            message = f"one translation is given to {len(variants)} different sources"
        else:
            message = f"translated {len(variants)} different ways"
        context = " | ".join(f"{p.where()}: {p.text[:60]}" for p in places[:4]) + (" …" if len(places) > 4 else "")
        out.append(Finding(0, check, catalog.severity(check), first.file, first.line, shown or "", None, None,
                           message, context, lang=first.target_lang if reverse else first.source_lang,
                           places=places, key=key))
    return out
