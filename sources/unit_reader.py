"""What every reader of translation units shares: the file, a progress callback, the header, errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from glossary.errors import SourceFormatError
from tm.records import UnitDraft
from tm.store import PreparedUnit, StagedUnit, prepare_staged, stage


class FileUnitReader:
    """Base of the TMX, PO and XLIFF readers; ``header``/``header_xml`` are set once the file is read."""

    def __init__(self, path: Path, progress: Callable[[int], None] | None = None) -> None:
        self.path = path
        self.name = str(path)
        self.progress = progress
        self.header: dict[str, str] | None = None
        self.header_xml: str | None = None

    @property
    def reads_here(self) -> bool:
        """Whether the file must be read in this process (never by a forked reading child)."""
        return False

    def units(self) -> Iterator[UnitDraft]:
        """Every unit of the file in order (each format reader's own)."""
        raise NotImplementedError

    def staged(self) -> Iterator[StagedUnit | str | None]:
        """Every unit with its content hash (:func:`tm.store.stage`); a reader may do it faster, or
        give :data:`tm.store.REPEATED` for a unit it knows is stored."""
        return map(stage, self.units())

    def prepared_batches(self, size: int) -> Iterator[list[PreparedUnit | str | None]]:
        """Every unit prepared for the store, in lists of ``size``; a repeat of an earlier unit of the
        file as :data:`tm.store.REPEATED` (:func:`tm.store.prepare_staged`)."""
        return prepare_staged(self.staged(), size)

    def _error(self, line: int | None, detail: str) -> SourceFormatError:
        return SourceFormatError(self.name, line, detail)
