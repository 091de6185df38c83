"""Which exchange format a file holds, judged from its content (the extension is only a hint)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from glossary.errors import SourceFormatError
from sources.xmlsafe import XmlStream, root_element

#: Format id → name shown to users.
FORMAT_NAMES = {"tmx": "TMX", "tbx": "TBX", "xliff": "XLIFF", "po": "PO", "csv": "CSV/TSV"}
_XML_ROOTS = {"tmx": "tmx", "tbx": "tbx", "martif": "tbx", "xliff": "xliff"}
_PO = re.compile(r'^(?:\s*(?:#[^\n]*)?\n)*\s*(?:msgctxt|msgid)\s+"', re.M)


@dataclass(frozen=True)
class Detected:
    """A file's format and the line that shows it (the root element of XML files)."""

    format: str
    line: int | None = None

    @property
    def name(self) -> str:
        """The format's name for messages."""
        return FORMAT_NAMES[self.format]


def detect_format(path: Path) -> Detected:
    """The format of a file (``tmx``, ``tbx``, ``xliff``, ``po``, ``csv``), judged from its content.

    Raises :class:`SourceFormatError` for unreadable, hostile or unrecognized content.
    """
    with XmlStream(path) as stream:
        head = stream.head
    root, _ns, line = root_element(head, str(path))
    if root is not None:
        fmt = _XML_ROOTS.get(root.lower())
        if fmt is None:
            if root == "TS":
                raise SourceFormatError(str(path), line, "this is a Qt Linguist TS file, which silkterm does not "
                                                         "import (export XLIFF or PO from Qt Linguist)")
            raise SourceFormatError(str(path), line, f"unrecognized XML format (root element <{root}>)")
        return Detected(fmt, line)
    if head.lstrip().startswith("<"):
        raise SourceFormatError(str(path), line, "not well-formed XML: no root element")
    if _PO.match(head):
        return Detected("po")
    rows = [line for line in head.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if rows and any(d in rows[0] for d in ("\t", ",", ";")):
        return Detected("csv", 1)
    if not rows and head.strip():  # only comment lines: an empty OmegaT glossary
        return Detected("csv", 1)
    raise SourceFormatError(str(path), None, "unrecognized format (silkterm imports TMX, TBX, PO, XLIFF and "
                                             "CSV/TSV files; a table needs tabs, commas or semicolons between columns)")


def by_extension(path: Path) -> str | None:
    """The format a file's extension claims, if any."""
    ext = path.suffix.lower().lstrip(".")
    return {"tmx": "tmx", "tbx": "tbx", "xlf": "xliff", "xliff": "xliff", "po": "po", "pot": "po",
            "csv": "csv", "tsv": "csv"}.get(ext)
