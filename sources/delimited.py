"""CSV / TSV glossaries and bilingual tables (also OmegaT's tab-separated glossary), in and out.

Reading: the encoding is sniffed (a UTF-8 or UTF-16 byte-order mark, UTF-8, an OmegaT
``-*- coding: … -*-`` comment, else a legacy 8-bit file recognized as cp1251 Russian or GB18030
Chinese; anything else is refused), then the delimiter (tab, comma or semicolon). Leading lines
starting with ``#`` are comments. The first row is a header when it names languages in any
common way (``en``, ``English``, ``zh-CN``, ``中文``, ``Chinese (Simplified)``, ``Русский``,
``ru-RU``) plus optional ``note``, ``comment``, ``definition``, ``category``, ``status`` and
``source`` columns; without one, ``--langs`` names the columns (OmegaT: source, target, comment).

Each row is one concept. Several terms of one language share a cell separated by `` | ``; the
first takes the row's status (default preferred), the others are admitted. Writing: UTF-8 with a
byte-order mark (Excel opens it as UTF-8), comma-separated, one row per concept (or TM unit). A
cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written with a leading
``'`` so a spreadsheet shows it as text instead of running it as a formula; reading removes that
``'`` again, so a round trip is equal.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from glossary import languages
from glossary.bulk import BulkConcept, BulkTerm
from glossary.errors import SourceFormatError, ValidationError
from sources.unit_reader import FileUnitReader
from tm.records import UnitDraft, VariantDraft

SEPARATOR = " | "
_SPLIT = re.compile(r"\s*\|\s*")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_CODING = re.compile(r"-\*-\s*coding:\s*([\w.-]+)\s*-\*-")
#: Header words for the optional columns.
FIELDS = {"note": "note", "notes": "note", "comment": "note", "comments": "note", "definition": "definition",
          "category": "category", "status": "status", "source": "source", "sources": "source"}
#: Language names a header may use (lower case), beyond BCP 47 tags.
NAMES = {
    "english": "en", "英文": "en", "英语": "en", "英語": "en", "английский": "en", "англ": "en",
    "chinese": "zh-Hans", "chinese (simplified)": "zh-Hans", "simplified chinese": "zh-Hans", "中文": "zh-Hans",
    "简体中文": "zh-Hans", "汉语": "zh-Hans", "中文（简体）": "zh-Hans", "китайский": "zh-Hans",
    "chinese (traditional)": "zh-Hant", "traditional chinese": "zh-Hant", "繁體中文": "zh-Hant",
    "繁体中文": "zh-Hant", "中文（繁體）": "zh-Hant",
    "russian": "ru", "русский": "ru", "俄文": "ru", "俄语": "ru", "俄語": "ru", "рус": "ru",
    "french": "fr", "german": "de", "spanish": "es", "japanese": "ja", "korean": "ko", "kazakh": "kk",
    "kyrgyz": "ky", "uzbek": "uz", "tajik": "tg", "turkmen": "tk",
}


def _ratio(text: str, low: int, high: int) -> float:
    wide = [c for c in text if ord(c) > 127 and c.isalpha()]
    return sum(low <= ord(c) <= high for c in wide) / len(wide) if wide else 0.0


def decode(data: bytes, path: str) -> str:
    """The text of a table file, its encoding sniffed; refuses what it cannot tell."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _strict(data, name, path)
    declared = _CODING.search(data[:200].decode("ascii", errors="replace").splitlines()[0] if data else "")
    if declared:
        return _strict(data, declared.group(1), path)
    try:
        return _strict(data, "utf-8", path)
    except SourceFormatError:
        pass
    guesses = []
    for name, low, high in (("cp1251", 0x400, 0x4FF), ("gb18030", 0x4E00, 0x9FFF)):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        guesses.append((_ratio(text, low, high), name, text))
    best = max(guesses, default=None)
    if best is None or best[0] < 0.8:
        raise SourceFormatError(path, None, "not UTF-8, and not recognizably cp1251 (Russian) or GB18030 (Chinese): "
                                            "save the file as UTF-8")
    return best[2]


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        line = data[:getattr(exc, "start", 0)].count(b"\n") + 1
        raise SourceFormatError(path, line, f"not valid {encoding}") from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise SourceFormatError(path, line, "NUL character (a binary file, or UTF-16 without a byte-order mark)")
    return text.lstrip("\ufeff")


def header_language(cell: str) -> str | None:
    """The language a header cell names, or None."""
    name = unicodedata.normalize("NFKC", cell).strip()
    if name.lower() in NAMES:
        return NAMES[name.lower()]
    if not re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*", name):
        return None
    try:
        return languages.canonical(name)
    except ValidationError:
        return None


def _unescape(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:2] in _FORMULA and cell[1:2] else cell


def escape_cell(cell: str) -> str:
    """A cell made safe for spreadsheets (formula injection)."""
    return "'" + cell if cell.startswith(_FORMULA) else cell


class DelimitedReader(FileUnitReader):
    """Reads a CSV/TSV file as concepts (termbase) or units (TM)."""

    def __init__(self, path: Path, progress: Callable[[int], None] | None = None,
                 langs: Sequence[str] = ()) -> None:
        super().__init__(path, progress)
        self.langs = list(langs)

    def _rows(self) -> tuple[list[tuple[str, str]], Iterator[tuple[int, list[str]]]]:
        """(columns as (kind, language or field), rows with their line numbers)."""
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            raise SourceFormatError(self.name, None, f"cannot read ({exc.strerror or exc})") from None
        text = decode(data, self.name)
        lines = text.splitlines(keepends=True)
        skip = 0
        while skip < len(lines) and (lines[skip].lstrip().startswith("#") or not lines[skip].strip()):
            skip += 1
        body = "".join(lines[skip:])
        if not body.strip():  # nothing but comments: an empty glossary
            return [], iter(())
        first = body.split("\n", 1)[0]
        delimiter = next((d for d in ("\t", ";", ",") if d in first), None)
        if delimiter is None:
            raise SourceFormatError(self.name, skip + 1, "no tab, comma or semicolon between columns")
        rows = self._parsed(body, delimiter, skip)
        line, head = next(rows, (skip + 1, []))
        columns = self._columns(head, line)
        if self.langs:
            return columns, _chain((line, head), rows)
        return columns, rows

    def _parsed(self, body: str, delimiter: str, skip: int) -> Iterator[tuple[int, list[str]]]:
        """(line, cells) of each row. Strict: a quote left open (a truncated file) or text right after
        a closing quote is an error naming the line, not rows silently swallowed into one cell."""
        reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, skipinitialspace=delimiter != "\t",
                            strict=True)
        start = skip + 1  # where the row being read begins
        try:
            for row in reader:
                yield skip + reader.line_num, [_unescape(c) for c in row]
                start = skip + reader.line_num + 1
        except csv.Error as exc:
            if "end of data" in str(exc):
                raise SourceFormatError(self.name, start, "a quote opened in this row is never closed "
                                                          "(a truncated file?)") from None
            raise SourceFormatError(self.name, skip + reader.line_num, f"malformed CSV/TSV: {exc}") from None

    def _columns(self, head: list[str], line: int) -> list[tuple[str, str]]:
        if self.langs:
            out = [("lang", languages.canonical(t)) for t in self.langs]
            return out + [("field", "note")] * (len(head) > len(out))
        named = [("lang", lang) if (lang := header_language(c)) else ("field", FIELDS.get(c.strip().lower(), ""))
                 for c in head]
        if not any(kind == "lang" for kind, _ in named) or any(kind == "field" and not f for kind, f in named):
            raise SourceFormatError(self.name, line, "the first row does not name the languages of the columns "
                                                     "(e.g. en, zh-Hans, ru, note); give them with --langs en,ru")
        return named

    def concepts(self) -> Iterator[BulkConcept]:
        """One concept per row with at least one term."""
        columns, rows = self._rows()
        for line, row in rows:
            terms: list[BulkTerm] = []
            fields: dict[str, str] = {}
            status = None
            for (kind, key), cell in zip(columns, row, strict=False):
                if kind == "field" and cell.strip():
                    fields[key] = cell.strip()
            status = fields.get("status") or "preferred"
            for (kind, lang), cell in zip(columns, row, strict=False):
                if kind != "lang" or not cell.strip():
                    continue
                for i, text in enumerate(t for t in _SPLIT.split(cell.strip()) if t):
                    terms.append(BulkTerm(lang=lang, text=text, status=status if i == 0 else "admitted"))
            if not terms:
                continue
            yield BulkConcept(terms=tuple(terms), category=fields.get("category", "other"),
                              definition=fields.get("definition"), note=fields.get("note"),
                              sources=tuple(s for s in _SPLIT.split(fields.get("source", "")) if s), line=line)

    def units(self) -> Iterator[UnitDraft]:
        """One TM unit per row with text in at least two languages."""
        columns, rows = self._rows()
        for line, row in rows:
            variants = tuple(VariantDraft(lang=lang, lang_tag=lang, text=cell.strip())
                             for (kind, lang), cell in zip(columns, row, strict=False)
                             if kind == "lang" and cell.strip())
            if len(variants) >= 2:
                yield UnitDraft(variants=variants, line=line)


def _chain(first: tuple[int, list[str]], rest: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
    yield first
    yield from rest


def _text_out(out: IO[bytes]) -> io.TextIOWrapper:
    out.write(codecs.BOM_UTF8)
    return io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)


def write_glossary_csv(out: IO[bytes], concepts: Iterable[dict[str, Any]], langs: Sequence[str]) -> int:
    """Write concept rows (with ``terms``) as CSV: a column per language, then category, definition,
    note, source; returns the number of rows written."""
    text = _text_out(out)
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([*langs, "category", "definition", "note", "source"])
    count = 0
    for c in concepts:
        cells = []
        for lang in langs:
            terms = sorted((t for t in c["terms"] if t["lang"] == lang), key=lambda t: t["status"] != "preferred")
            cells.append(SEPARATOR.join(t["text"] for t in terms))
        if not any(cells):
            continue
        cells += [c["category"], c.get("definition") or "", c.get("note") or "", SEPARATOR.join(c["sources"] or ())]
        writer.writerow([escape_cell(cell) for cell in cells])
        count += 1
    text.detach()
    return count


def write_tm_csv(out: IO[bytes], units: Iterable[Any], langs: Sequence[str]) -> int:
    """Write TM units as CSV, a column per language (plain text of each variant); returns rows written."""
    text = _text_out(out)
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(list(langs))
    count = 0
    for unit in units:
        by_lang = {v.lang: v.text for v in unit.variants}
        cells = [by_lang.get(lang, "") for lang in langs]
        if sum(bool(c) for c in cells) >= 1:
            writer.writerow([escape_cell(c) for c in cells])
            count += 1
    text.detach()
    return count
