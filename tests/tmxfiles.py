"""Helpers for TM tests: TMX documents written in the test, stored content, database dumps."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from lxml import etree

from glossary.db import Database
from tests.conftest import SHARED
from tm.units import iter_units

INTEROP_TMX = SHARED / "interop" / "tmx"
TMX_DTD = SHARED / "schemas" / "tmx" / "tmx14.dtd"
DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'
HEADER = ('<header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="test" adminlang="en" '
          'srclang="en" datatype="plaintext"/>')


def tu(*variants: tuple[str, str], attrs: str = "", inner: str = "") -> str:
    """A ``<tu>`` with (language, segment markup) variants."""
    tuvs = "".join(f'<tuv xml:lang="{lang}"><seg>{seg}</seg></tuv>\n' for lang, seg in variants)
    return f"<tu{attrs}>{inner}\n{tuvs}</tu>\n"


def tmx(*units: str, prolog: str = DECL) -> str:
    """A TMX 1.4 document holding ``units``."""
    return f'{prolog}<tmx version="1.4">\n{HEADER}\n<body>\n{"".join(units)}</body>\n</tmx>\n'


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` in ``encoding``; returns the path."""
    path.write_bytes(text.encode(encoding))
    return path


def content(db: Database) -> list[Any]:
    """Everything a round trip must keep, unit by unit: attributes, notes and props, and per variant the
    canonical and original language, plain text, inline markup, attributes, notes and props."""
    with db.read() as s:
        return [(dict(u.attrs), [a.canonical() for a in u.annotations],
                 [(v.lang, v.lang_tag, v.text, v.markup_xml, dict(v.attrs), [a.canonical() for a in v.annotations])
                  for v in u.variants])
                for u in iter_units(s)]


def dump(path: Path) -> list[str]:
    """Every row of every table (FTS shadow tables included) of an SQLite file, as SQL."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def xmllint(path: Path) -> subprocess.CompletedProcess[str]:
    """Validate a file against the TMX 1.4b DTD with xmllint."""
    return subprocess.run(["xmllint", "--noout", "--nonet", "--dtdvalid", str(TMX_DTD), str(path)],
                          capture_output=True, text=True)


def full_text(markup: str) -> str:
    """Every character of a segment, inline code content included (what translate-toolkit reads)."""
    return "".join(etree.fromstring(f"<seg>{markup}</seg>").itertext())
