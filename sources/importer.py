"""Importing files into the TM and the termbase: format from content, one transaction for everything given.

Any error anywhere (a malformed unit in the last of three files) rolls the whole import back, so
the database is exactly as it was.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from glossary.bulk import BulkWriter
from glossary.db import Database
from glossary.errors import SourceFormatError, ValidationError
from sources.delimited import DelimitedReader
from sources.detect import FORMAT_NAMES, by_extension, detect_format
from sources.glossary_exchange import GlossaryReport, import_glossary_file
from sources.po import PoReader
from sources.tbx_read import TbxReader
from sources.tmx import TmxReader
from sources.unit_pipe import prepared_batches
from sources.unit_reader import FileUnitReader
from sources.xliff import XliffReader
from tm.store import AddResult, TmWriter
from tm.units import unit_texts

#: Imports of at least this many bytes write in bulk (see ``Database.write``).
BULK_BYTES = 32 << 20
#: Called with (file, bytes read so far, file size) while a file is read.
ProgressHook = Callable[[Path, int, int], None]


#: Format id → reader class taking (path, progress callback of bytes read). One entry per format
#: module; ``import`` reads exactly these formats into the TM.
UNIT_READERS: dict[str, Callable[[Path, Callable[[int], None] | None], FileUnitReader]] = {
    "tmx": TmxReader,
    "po": PoReader,
    "xliff": XliffReader,
    "csv": DelimitedReader,
}
#: Format id → reader of termbase concepts (path, progress callback) with a ``concepts()`` method.
#: These formats go to the termbase; one also in UNIT_READERS goes to the TM with ``into="tm"``.
GLOSSARY_READERS: dict[str, Callable[..., Any]] = {
    "tbx": TbxReader,
    "csv": DelimitedReader,
}
#: Formats ``import`` reads.
IMPORTABLE = tuple(dict.fromkeys([*UNIT_READERS, *GLOSSARY_READERS]))


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
        kind = FORMAT_NAMES[self.format] + (f"; {', '.join(self.languages)}" if self.languages else "")
        return f"{self.path}: {self.added} units added, {self.merged} merged, {self.skipped} skipped ({kind})"


def import_files(db: Database, paths: Sequence[Path], *, author: str, fmt: str | None = None,
                 progress: ProgressHook | None = None, into: str | None = None, langs: Sequence[str] = (),
                 ) -> list[FileReport | GlossaryReport]:
    """Import every file in one transaction; returns one report per file.

    TBX files go to the termbase; CSV/TSV files to the termbase, or to the TM with ``into="tm"``;
    the other formats to the TM. All glossary files of one call are one undoable history batch.
    ``langs`` names the columns of CSV/TSV files without a header row.
    Raises :class:`SourceFormatError` (file, line, reason) and leaves the database unchanged.
    """
    if into not in (None, "glossary", "tm"):
        raise ValidationError(f"--into: {into!r} is not glossary or tm")
    formats = []
    for path in paths:  # refuse unsupported files before writing anything
        _check_format(path, fmt)
        formats.append(detect_format(path).format if fmt is None else fmt)
    readers = {"csv": partial(DelimitedReader, langs=langs)} if langs else {}
    reports: list[FileReport | GlossaryReport] = []
    bulk = sum(p.stat().st_size for p in paths) >= BULK_BYTES
    with _bulk_process(bulk), db.write(bulk=bulk) as session:
        writer = TmWriter(session, author, bulk=bulk)
        glossary: BulkWriter | None = None
        for path, found in zip(paths, formats, strict=True):
            if _to_glossary(found, into):
                if glossary is None:
                    names = ", ".join(p.name for p in paths)
                    glossary = BulkWriter(session, author, f"import {names}"[:500])
                reports.append(_import_concepts(glossary, path, found, progress, readers))
            else:
                reports.append(_import_units(writer, path, found, progress, readers))
        writer.finish()
        if glossary is not None:
            glossary.finish()
    return reports


@contextlib.contextmanager
def _bulk_process(bulk: bool) -> Iterator[None]:
    """Process settings for a large import from the main thread (the CLI's): one malloc arena
    (:func:`_one_malloc_arena`) and no cyclic garbage collection meanwhile (the import makes
    millions of short-lived tuples and no cycles worth collecting, and the collector's passes over
    the batches in flight cost it ~6 % of its time). An import in a worker thread (the TUI's)
    changes neither, as the rest of the program keeps running."""
    owner = bulk and threading.current_thread() is threading.main_thread()
    if owner:
        _one_malloc_arena()
    paused = owner and gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _one_malloc_arena() -> None:
    """Let every thread of this process allocate from one malloc arena (glibc; a no-op elsewhere).

    glibc gives a thread that allocates while another holds the main arena an arena of its own,
    and an arena keeps what is freed into it. A bulk import's threads (the pipe's receiver, the
    gram extraction, the store) each allocate megabytes at a time, so each arena stays at its own
    high-water mark: 20-30 MB of the importing process's peak at 1,000,000 units, with no speed
    lost by sharing one (the threads take turns for the GIL anyway). Called from the main thread
    of a command-line import, before its threads start; it holds for the rest of the process.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library's, in the process's own symbols
    except (OSError, AttributeError):
        return
    mallopt(_M_ARENA_MAX, 1)  # returns 0 where unsupported (musl): nothing to do about it


_M_ARENA_MAX = -8  # glibc's malloc.h


def _to_glossary(fmt: str, into: str | None) -> bool:
    if fmt not in GLOSSARY_READERS:
        if into == "glossary":
            raise ValidationError(f"--into glossary: {FORMAT_NAMES[fmt]} files go to the translation memory")
        return False
    if fmt not in UNIT_READERS:
        if into == "tm":
            raise ValidationError(f"--into tm: {FORMAT_NAMES[fmt]} files go to the termbase")
        return True
    return into != "tm"


def _import_concepts(writer: BulkWriter, path: Path, fmt: str, progress: ProgressHook | None,
                     readers: dict[str, Callable[..., Any]]) -> GlossaryReport:
    size = path.stat().st_size
    hook = (lambda done: progress(path, done, size)) if progress else None
    reader = readers.get(fmt, GLOSSARY_READERS[fmt])(path, hook)
    report = import_glossary_file(writer, path, fmt, reader.concepts)
    if progress:
        progress(path, size, size)
    return report


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


def _import_units(writer: TmWriter, path: Path, fmt: str, progress: ProgressHook | None,
                  readers: dict[str, Callable[..., Any]] | None = None) -> FileReport:
    size = path.stat().st_size
    hook = (lambda done: progress(path, done, size)) if progress else None
    reader = (readers or {}).get(fmt, UNIT_READERS[fmt])(path, hook)
    if isinstance(reader, PoReader):  # our PO export of units with more languages, imported back
        reader.stored_texts = partial(unit_texts, writer.session)
    origin = writer.begin_origin(fmt, path.name, str(path.resolve()))
    total = AddResult()
    for batch in prepared_batches(reader, size):
        total += writer.add_prepared(batch, origin)
    writer.end_origin(origin, reader.header, reader.header_xml, total)
    if progress:
        progress(path, size, size)
    return FileReport(path, fmt, total.added, total.merged, total.skipped, tuple(sorted(total.languages)))


def _names() -> str:
    return ", ".join(FORMAT_NAMES[f] for f in IMPORTABLE)
