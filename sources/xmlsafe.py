"""Opening untrusted XML files: the encoding sniffed, the prolog checked, the bytes handed to lxml as UTF-8.

What is refused here, each as one :class:`SourceFormatError` naming the file and the line:
UTF-7 (it can smuggle markup past a reader that does not know it) and UTF-32, encodings outside a
known list, a declared encoding the bytes do not match, NUL characters, and any entity declaration
in the DOCTYPE (external entities reading local files, entity-expansion bombs). The parser options
below are the second wall: no entity is ever expanded, no DTD or network resource ever loaded.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from glossary.errors import SourceFormatError

#: Options of every parser that reads a file given by a user.
PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}
HEAD_BYTES = 65536
_CHUNK = 1 << 20
#: Encodings accepted (Python codec names): Unicode, and the legacy ones translators meet.
ALLOWED = {
    "utf-8", "utf-16", "utf-16-le", "utf-16-be", "ascii", "latin-1", "cp1250", "cp1251", "cp1252",
    "cp1253", "cp1254", "cp1257", "koi8-r", "koi8-u", "gb2312", "gbk", "gb18030", "big5", "big5hkscs",
    "shift_jis", "euc_jp", "euc_kr", "cp866", "mac-roman",
    *(f"iso8859-{n}" for n in (1, 2, 3, 4, 5, 7, 9, 10, 13, 14, 15, 16)),
}
_DECL = re.compile(rb"^\s*<\?xml\b[^>]*?\bencoding\s*=\s*([\"'])([A-Za-z0-9._:-]+)\1")
_DECL_TEXT = re.compile(r"^(\s*<\?xml\b[^>]*?\bencoding\s*=\s*)([\"'])[A-Za-z0-9._:-]+\2")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def sniff_encoding(head: bytes, path: str) -> tuple[str, int]:
    """(Python codec name, length of the byte-order mark) of an XML file from its first bytes."""
    if head.startswith(b"+/v") or re.match(rb"^\s*<\?xml\b[^>]*?encoding\s*=\s*[\"']utf-?7", head, re.I):
        raise SourceFormatError(path, 1, "UTF-7 is not accepted (save the file as UTF-8)")
    for bom, name in _BOMS:
        if head.startswith(bom):
            if name == "utf-32":
                raise SourceFormatError(path, 1, "UTF-32 is not accepted (save the file as UTF-8 or UTF-16)")
            return name, len(bom)
    if head.startswith(b"<\x00?\x00"):
        return "utf-16-le", 0
    if head.startswith(b"\x00<\x00?"):
        return "utf-16-be", 0
    declared = _DECL.match(head)
    if not declared:
        return "utf-8", 0
    label = declared.group(2).decode("ascii")
    name = _codec(label)
    if name is None or name not in ALLOWED:
        raise SourceFormatError(path, 1, f"encoding {label!r} is not accepted")
    if name.startswith("utf-16"):
        raise SourceFormatError(path, 1, f"declares {label} but the bytes are not UTF-16")
    return name, 0


class XmlStream:
    """A file as UTF-8 bytes for lxml (``read``), with its decoded head for sniffing the root element.

    Raises :class:`SourceFormatError` for bytes that do not decode and for NUL characters.
    """

    def __init__(self, path: Path, progress: Callable[[int], None] | None = None) -> None:
        self.path, self.name = path, str(path)
        self._progress = progress
        self._raw: BinaryIO = _open(path)
        first = self._raw.read(HEAD_BYTES)
        self.encoding, bom = sniff_encoding(first, self.name)
        self._consumed = len(first)
        self._decoder = None if self.encoding == "utf-8" else codecs.getincrementaldecoder(self.encoding)("strict")
        self._lines = 0
        self._buffer = self._convert(first[bom:] if self._decoder else first, final=len(first) < HEAD_BYTES)
        self.head = self._buffer[:HEAD_BYTES].decode("utf-8", errors="replace").lstrip("\ufeff")
        if self._decoder:  # the bytes lxml sees are UTF-8 now: say so in the declaration
            self._buffer = _DECL_TEXT.sub(r"\1\2UTF-8\2", self._buffer.decode("utf-8"), count=1).encode("utf-8")
        self._pos = 0  # what read() has handed out of _buffer
        self._eof = len(first) < HEAD_BYTES

    def _convert(self, data: bytes, final: bool) -> bytes:
        """Decode (legacy and UTF-16 input) to UTF-8; refuse undecodable bytes and NUL characters."""
        if self._decoder is None:
            text_bytes = data
            nul = data.find(b"\x00")
        else:
            try:
                text = self._decoder.decode(data, final)
            except UnicodeDecodeError as exc:
                raise SourceFormatError(self.name, self._lines + 1,
                                        f"bytes that are not valid {self.encoding}: {exc.reason}") from None
            text_bytes = text.encode("utf-8")
            nul = text_bytes.find(b"\x00")
        if nul >= 0:
            line = self._lines + text_bytes.count(b"\n", 0, nul) + 1
            raise SourceFormatError(self.name, line, "NUL character (a binary or corrupted file)")
        self._lines += text_bytes.count(b"\n")
        return text_bytes

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes of UTF-8 (the file-like protocol lxml reads through); b"" at the end.

        lxml asks for 32 KiB at a time: a read hands out a slice of the chunk in hand (fewer bytes
        than asked for at its end) and moves a position, never copying what is left of the chunk."""
        if size < 0:
            out = [self._buffer[self._pos:]]
            while not self._eof:
                out.append(self._next_chunk())
            self._buffer, self._pos = b"", 0
            return b"".join(out)
        while self._pos >= len(self._buffer) and not self._eof:
            self._buffer, self._pos = self._next_chunk(), 0
        out = self._buffer[self._pos:self._pos + size]
        self._pos += len(out)
        return out

    def _next_chunk(self) -> bytes:
        data = self._raw.read(_CHUNK)
        self._consumed += len(data)
        self._eof = len(data) < _CHUNK
        converted = self._convert(data, final=self._eof)
        if self._progress:
            self._progress(self._consumed)
        return converted

    def close(self) -> None:
        """Close the file."""
        self._raw.close()

    def __enter__(self) -> XmlStream:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _open(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise SourceFormatError(str(path), None, "no such file") from None
    except IsADirectoryError:
        raise SourceFormatError(str(path), None, "is a directory, not a file") from None
    except OSError as exc:
        raise SourceFormatError(str(path), None, f"cannot read ({exc.strerror})") from None


_PROLOG_ITEM = re.compile(r"\s+|<\?.*?\?>|<!--.*?-->", re.S)
_DOCTYPE = re.compile(r"<!DOCTYPE\b(?:[^\[>]*)(\[.*?\]\s*)?>", re.S)
_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)")


def root_element(head: str, path: str) -> tuple[str | None, str | None, int]:
    """(local name, namespace, line) of the root element found in the head of an XML file; the
    name is None when the head is not XML. Refuses entity declarations in the DOCTYPE."""
    pos = 0
    while True:
        m = _PROLOG_ITEM.match(head, pos)
        if m and m.end() > pos:
            pos = m.end()
            continue
        m = _DOCTYPE.match(head, pos)
        if m:
            if m.group(1) and "<!ENTITY" in m.group(1):
                line = head.count("\n", 0, m.start() + m.group(0).find("<!ENTITY")) + 1
                raise SourceFormatError(path, line, "entity declarations are not accepted (external entities "
                                                    "and entity expansion are refused)")
            pos = m.end()
            continue
        break
    m = _ROOT.match(head, pos)
    if not m:
        return None, None, head.count("\n", 0, pos) + 1
    qname = m.group(1)
    prefix, _, local = qname.rpartition(":")
    tag_end = head.find(">", m.end())
    start_tag = head[m.start():tag_end if tag_end > 0 else len(head)]
    ns = re.search(rf"""\bxmlns{':' + prefix if prefix else ''}\s*=\s*["']([^"']*)["']""", start_tag)
    return local, ns.group(1) if ns else None, head.count("\n", 0, m.start()) + 1


def iterparse(stream: XmlStream, **options: object) -> etree.iterparse:
    """``etree.iterparse`` of a user's file with :data:`PARSER_OPTIONS`. lxml's error log of this
    thread is emptied first, so that :func:`syntax_error` reports this file's faults only."""
    etree.clear_error_log()
    return etree.iterparse(stream, remove_comments=True, remove_pis=True, **options, **PARSER_OPTIONS)


def syntax_error(path: str, exc: etree.XMLSyntaxError) -> SourceFormatError:
    """An lxml syntax error as one SourceFormatError with the line of the fault.

    Reading from a stream, libxml2 logs some faults (an undefined entity such as ``&nbsp;``) and
    goes on, then stops later with a generic message ("no element found", "Start tag expected" at
    line 1): the first error in the log, when it has a line, is the real fault."""
    first = next((e for e in exc.error_log if e.line and e.level >= etree.ErrorLevels.ERROR), None)
    if first is not None:
        return SourceFormatError(path, first.line, f"not well-formed XML: {first.message.strip()}")
    line = exc.lineno or (exc.position[0] if exc.position else None)
    detail = re.sub(r",? line \d+, column \d+$", "", exc.msg or "not well-formed XML").strip()
    return SourceFormatError(path, line, f"not well-formed XML: {detail}")
