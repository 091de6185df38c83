"""Monolingual documents (plain text, Markdown, HTML) read into numbered lines for ``silkterm check``.

HTML is parsed by lxml.html with no network and no entity expansion, and only its text is kept
(scripts, styles and comments dropped); each block element becomes one segment at its source line.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import lxml.html
from lxml import etree

from glossary.checks.records import Segment
from glossary.errors import SourceFormatError
from glossary.text.normalize import script_of

TEXT_EXTENSIONS = (".txt", ".text")
MARKDOWN_EXTENSIONS = (".md", ".markdown")
HTML_EXTENSIONS = (".html", ".htm", ".xhtml")
DOCUMENT_EXTENSIONS = TEXT_EXTENSIONS + MARKDOWN_EXTENSIONS + HTML_EXTENSIONS
MAX_BYTES = 50 * 1024 * 1024

_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "caption", "blockquote", "pre",
           "title", "figcaption", "div", "section", "article", "header", "footer", "summary", "label", "option"}
_DROP = ("script", "style", "noscript", "template", "svg", "math", "iframe", "object")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_PREFIX = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)+")
_MD_MARKS = re.compile(r"(\*\*|__|`+|~~)")
_LANG_OF_SCRIPT = {"han": "zh-Hans", "cyrillic": "ru", "latin": "en"}


def line_language(text: str) -> str:
    """The language a document line is written in, judged by its script (en when unsure)."""
    return _LANG_OF_SCRIPT.get(script_of(text), "en")


def decode(path: Path, data: bytes) -> str:
    """Text of a document: UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is refused."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise SourceFormatError(str(path), None, f"invalid UTF-16 ({exc.reason})") from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[:exc.start].count(b"\n") + 1
            raise SourceFormatError(str(path), line, "not UTF-8 text (save the document as UTF-8)") from None
    if "\x00" in text:
        raise SourceFormatError(str(path), text[:text.index("\x00")].count("\n") + 1, "NUL character: not a text file")
    return text


def read_document(path: Path) -> list[Segment]:
    """The non-blank lines (text, Markdown) or text blocks (HTML) of a document, as segments.

    Raises :class:`SourceFormatError` for unreadable, non-UTF-8, binary or empty documents.
    """
    try:
        if path.stat().st_size > MAX_BYTES:
            raise SourceFormatError(str(path), None, f"larger than {MAX_BYTES // (1024 * 1024)} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise SourceFormatError(str(path), None, f"cannot read ({exc.strerror})") from None
    text = decode(path, data)
    suffix = path.suffix.lower()
    if suffix in HTML_EXTENSIONS:
        lines = _html_lines(path, text)
    elif suffix in MARKDOWN_EXTENSIONS:
        lines = _markdown_lines(text)
    else:
        lines = [(n, line) for n, line in enumerate(text.splitlines(), 1)]
    segments = [Segment(str(path), n, line.strip(), line_language(line)) for n, line in lines if line.strip()]
    if not segments:
        raise SourceFormatError(str(path), None, "empty document: no text to check")
    return segments


def _markdown_lines(text: str) -> list[tuple[int, str]]:
    out, fenced = [], False
    for n, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced:
            continue
        line = _MD_MARKS.sub("", _MD_LINK.sub(r"\1", _MD_PREFIX.sub("", line)))
        out.append((n, line))
    return out


def _html_lines(path: Path, text: str) -> list[tuple[int, str]]:
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise SourceFormatError(str(path), None, f"not readable as HTML ({exc})") from None
    for el in list(root.iter(*_DROP)):
        el.drop_tree()
    out = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag not in _BLOCKS:
            continue
        if any(isinstance(d.tag, str) and d.tag in _BLOCKS for d in el.iterdescendants()):
            own = " ".join(t.strip() for t in [el.text or "", *(c.tail or "" for c in el)] if t.strip())
            if own:
                out.append((el.sourceline or 0, own))
            continue
        for i, part in enumerate(el.text_content().splitlines()):
            out.append(((el.sourceline or 0) + i, part))
    return out
