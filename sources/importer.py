"""Importing files into the TM: format from content, one transaction for everything given.

Any error anywhere (a malformed unit in the last of three files) rolls the whole import back, so
the database is exactly as it was.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from glossary.db import Database
from glossary.errors import SourceFormatError, ValidationError
from sources.detect import FORMAT_NAMES, by_extension, detect_format
from sources.po import PoReader
from sources.tmx import TmxReader
from sources.xliff import XliffReader
from tm.records import UnitDraft
from tm.store import AddResult, TmWriter

BATCH = 1000
#: Called with (file, bytes read so far, file size) while a file is read.
ProgressHook = Callable[[Path, int, int], None]


class UnitReader(Protocol):
    """What a format module's reader offers: units in file order, then the file's header."""

    header: dict[str, str] | None
    header_xml: str | None

    def units(self) -> Iterator[UnitDraft]:
        """Every unit of the file; raises :class:`SourceFormatError` for malformed input."""
        ...


#: Format id → reader class taking (path, progress callback of bytes read). One entry per format
#: module; ``import`` reads exactly these formats into the TM.
UNIT_READERS: dict[str, Callable[[Path, Callable[[int], None] | None], UnitReader]] = {
    "tmx": TmxReader,
    "po": PoReader,
    "xliff": XliffReader,
}
#: Formats ``import`` reads.
IMPORTABLE = tuple(UNIT_READERS)


@dataclass(frozen=True)
class FileReport:
    """What importing one file did."""

    path: Path
    format: str
    added: int
    merged: int
    skipped: int
    languages: tuple[str, ...]

    def summary(self) -> str:
        """One line for the terminal."""
        langs = ", ".join(self.languages) or "no languages"
        return (f"{self.path}: {self.added} units added, {self.merged} merged, {self.skipped} skipped "
                f"({FORMAT_NAMES[self.format]}; {langs})")


def import_files(db: Database, paths: Sequence[Path], *, author: str, fmt: str | None = None,
                 progress: ProgressHook | None = None) -> list[FileReport]:
    """Import every file in one transaction; returns one report per file.

    Raises :class:`SourceFormatError` (file, line, reason) and leaves the database unchanged.
    """
    for path in paths:  # refuse unsupported files before writing anything
        _check_format(path, fmt)
    reports = []
    with db.write() as session:
        writer = TmWriter(session, author)
        for path in paths:
            reports.append(_import_units(writer, path, detect_format(path).format if fmt is None else fmt, progress))
        writer.finish()
    return reports


def _check_format(path: Path, forced: str | None) -> None:
    if forced is not None and forced not in IMPORTABLE:
        raise ValidationError(f"--format: {forced!r} import is not available yet (silkterm imports {_names()})")
    found = detect_format(path)
    if forced is not None and found.format != forced:
        raise SourceFormatError(str(path), found.line, f"this is a {found.name} file, not {FORMAT_NAMES[forced]}")
    claimed = by_extension(path)  # a TBX file named .xlf or .tmx is a mistake to report, not a TBX import
    if forced is None and claimed and claimed != found.format:
        raise SourceFormatError(str(path), found.line, f"this is a {found.name} file, not {FORMAT_NAMES[claimed]}")
    if found.format in IMPORTABLE:
        return
    raise SourceFormatError(str(path), found.line,
                            f"{found.name} import is not available yet (silkterm imports {_names()})")


def _import_units(writer: TmWriter, path: Path, fmt: str, progress: ProgressHook | None) -> FileReport:
    size = path.stat().st_size
    reader = UNIT_READERS[fmt](path, (lambda done: progress(path, done, size)) if progress else None)
    origin = writer.begin_origin(fmt, path.name, str(path.resolve()))
    total = AddResult()
    units = reader.units()
    while batch := list(itertools.islice(units, BATCH)):
        total += writer.add(batch, origin)
    writer.end_origin(origin, reader.header, reader.header_xml, total)
    if progress:
        progress(path, size, size)
    return FileReport(path, fmt, total.added, total.merged, total.skipped, tuple(sorted(total.languages)))


def _names() -> str:
    return ", ".join(FORMAT_NAMES[f] for f in IMPORTABLE)
