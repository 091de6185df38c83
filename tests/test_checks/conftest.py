"""Fixtures of the consistency-review tests: review services over real SQLite files, TMX files on disk."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from sources.bilingual import review_service


@pytest.fixture
def review(fixture_tb):
    """(ReviewService, TermbaseService, {key: concept_id}) over a private copy of the fixture termbase."""
    _lookup, svc, ids = fixture_tb
    return review_service(svc.db, author="tester"), svc, ids


@pytest.fixture
def pack_review(pack_tb):
    """(ReviewService, TermbaseService) over a private copy of the bundled-pack database."""
    _lookup, svc = pack_tb
    return review_service(svc.db, author="tester"), svc


def write_tmx(path: Path, pairs: list[tuple[str, str]], src: str = "en", tgt: str = "ru") -> Path:
    """A TMX 1.4b file with one unit per (source, target) pair."""
    units = "".join(
        f'    <tu>\n      <tuv xml:lang="{src}"><seg>{escape(s)}</seg></tuv>\n'
        f'      <tuv xml:lang="{tgt}"><seg>{escape(t)}</seg></tuv>\n    </tu>\n' for s, t in pairs)
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
        f'  <header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="test" adminlang="en" '
        f'srclang="{src}" datatype="plaintext"/>\n  <body>\n{units}  </body>\n</tmx>\n', encoding="utf-8")
    return path
