"""The translation memory as check input: one segment pair per unit and target language.

Read through SQL on the TM tables (``glossary`` does not import ``tm``); the line of a TM segment
is the unit id.
"""

from __future__ import annotations

from itertools import groupby

from sqlalchemy import text as sql

from glossary.checks.records import Segment
from glossary.db import Database
from glossary.languages import primary

TM_NAME = "tm"


def pairs_of(file: str, line: int | None, variants: list[tuple[str, str]], srclang: str | None) -> list[Segment]:
    """Segment pairs of one multilingual unit: the source variant against every other language.

    The source is the unit's declared source language when it has a variant in it, else English,
    else the first variant.
    """
    if len(variants) < 2:
        return []
    src = None
    if srclang:
        src = next((v for v in variants if v[0].lower() == srclang.lower()), None) or next(
            (v for v in variants if primary(v[0]) == primary(srclang)), None)
    src = src or next((v for v in variants if primary(v[0]) == "en"), None) or variants[0]
    return [Segment(file, line, src[1], src[0], text, lang)
            for lang, text in variants if primary(lang) != primary(src[0]) and text.strip() and src[1].strip()]


def tm_segments(db: Database) -> list[Segment]:
    """Every unit of the TM as segment pairs (empty when the TM is empty or absent)."""
    with db.read() as s:
        rows = s.execute(sql(
            "SELECT u.id, u.srclang, v.lang, v.text FROM tm_unit u JOIN tm_variant v ON v.unit_id = u.id "
            "ORDER BY u.id, v.position")).all()
    out: list[Segment] = []
    for unit_id, group in groupby(rows, key=lambda r: r[0]):
        group = list(group)
        out.extend(pairs_of(TM_NAME, unit_id, [(r[2], r[3]) for r in group], group[0][1]))
    return out
