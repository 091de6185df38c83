"""Check input from any file: bilingual files through the importer's reader registry, documents as lines.

Every format in :data:`sources.importer.UNIT_READERS` (TMX, and PO, XLIFF, CSV as their readers are
registered) is read into source/target segment pairs; txt, md and html documents into lines.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from glossary.checks.records import Segment
from glossary.checks.service import ReviewService
from glossary.checks.tm_input import pairs_of
from glossary.db import Database
from glossary.errors import SourceFormatError
from sources.detect import FORMAT_NAMES, detect_format
from sources.documents import DOCUMENT_EXTENSIONS, read_document
from sources.importer import UNIT_READERS


def read_segments(path: Path) -> list[Segment]:
    """The segments of one file to check.

    Raises :class:`SourceFormatError` (file, line, reason) for a missing, unreadable, unknown,
    malformed or empty file.
    """
    path = Path(path)
    if not path.exists():
        raise SourceFormatError(str(path), None, "no such file")
    if path.is_dir():
        raise SourceFormatError(str(path), None, "is a directory (give the files inside it)")
    if path.suffix.lower() in DOCUMENT_EXTENSIONS:
        return read_document(path)
    try:
        if path.stat().st_size == 0:
            raise SourceFormatError(str(path), None, "empty file: nothing to check")
        found = detect_format(path)
        if found.format not in UNIT_READERS:
            readable = ", ".join(FORMAT_NAMES[f] for f in UNIT_READERS)
            raise SourceFormatError(str(path), found.line, f"{found.name} files cannot be checked yet (silkterm "
                                                           f"checks {readable}, txt, md and html)")
        segments = _read_units(path, found.format)
    except OSError as exc:
        raise SourceFormatError(str(path), None, f"cannot read ({exc.strerror})") from None
    except (UnicodeError, etree.LxmlError) as exc:
        raise SourceFormatError(str(path), None, f"cannot read ({exc})") from None
    if not segments:
        raise SourceFormatError(str(path), None, "no translated segment pairs to check")
    return segments


def _read_units(path: Path, fmt: str) -> list[Segment]:
    reader = UNIT_READERS[fmt](path, None)
    units = list(reader.units())
    header = reader.header or {}
    segments: list[Segment] = []
    for unit in units:
        srclang = unit.attrs.get("srclang") or header.get("srclang")
        if srclang == "*all*":
            srclang = None
        variants = [(v.lang, v.text) for v in unit.variants]
        segments.extend(pairs_of(str(path), unit.line, variants, srclang))
    return segments


def review_service(db: Database, *, author: str | None = None) -> ReviewService:
    """A :class:`ReviewService` that reads files with :func:`read_segments`."""
    return ReviewService(db, read_segments, author=author)
