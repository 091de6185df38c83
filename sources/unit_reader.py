"""What every reader of translation units shares: the file, a progress callback, the header, errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from glossary.errors import SourceFormatError


class FileUnitReader:
    """Base of the TMX, PO and XLIFF readers; ``header``/``header_xml`` are set once the file is read."""

    def __init__(self, path: Path, progress: Callable[[int], None] | None = None) -> None:
        self.path = path
        self.name = str(path)
        self.progress = progress
        self.header: dict[str, str] | None = None
        self.header_xml: str | None = None

    def _error(self, line: int | None, detail: str) -> SourceFormatError:
        return SourceFormatError(self.name, line, detail)
