"""Context strings shown with a finding: the line around the problem, short enough for a table cell."""

from __future__ import annotations

from glossary.checks.records import Segment

WIDTH = 160


def around(text: str, start: int, end: int, width: int = WIDTH) -> str:
    """``text`` cut to about ``width`` characters around ``[start, end)``, with … where cut."""
    text = " ".join(text.split()) if len(text) <= width else text
    if len(text) <= width:
        return text
    pad = max(0, (width - (end - start)) // 2)
    lo, hi = max(0, start - pad), min(len(text), end + pad)
    snippet = " ".join(text[lo:hi].split())
    return ("…" if lo else "") + snippet + ("…" if hi < len(text) else "")


def pair(seg: Segment, width: int = WIDTH) -> str:
    """``source ⇄ target`` of a bilingual segment, each side cut to half the width."""
    half = width // 2
    return f"{around(seg.source, 0, 0, half)} ⇄ {around(seg.target or '', 0, 0, half)}"
