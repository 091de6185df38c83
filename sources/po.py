"""Gettext PO (and POT) import into the TM.

The bytes are decoded here (charset from the header, checked against the encodings silkterm
accepts; NUL, UTF-7, UTF-16/32 refused), the text is checked line by line with a strict PO grammar
(polib itself accepts unterminated strings and unknown escapes silently), then parsed by polib.

One entry becomes one unit: the source variant is ``msgid`` (``msgid_plural`` as its prop), the
target variant ``msgstr`` / ``msgstr[0]`` (``msgstr[n]`` as its props). Everything else an entry
holds is kept as props and a note of the unit, so an export gives the entry back:

==========================  ==========================================
PO                          unit
==========================  ==========================================
``msgctxt``                 prop ``x-po-msgctxt``
``#,`` flags                prop ``x-po-flags`` (``fuzzy`` also as the target's ``state`` attribute)
``#`` translator comment    note
``#.`` extracted comment    prop ``x-po-extracted`` (lines ``[prop TYPE] value`` become props TYPE)
``#:`` references           prop ``x-po-references`` (one per line)
``#|`` previous strings     props ``x-po-previous-msgctxt``, ``-msgid``, ``-msgid_plural``
``#~`` obsolete entry       prop ``x-po-obsolete``
==========================  ==========================================

Untranslated entries keep the source only (a unit with one variant). Languages: the source is
``X-Source-Language`` or ``en``; the target is ``Language`` or, without it, the language the file
name or its folder names (``ru.po``, ``ru/LC_MESSAGES/x.po``, ``app.fr.po``), or else ``und``
(BCP 47 "undetermined"; export such units with ``--langs en,und``).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import polib

from glossary import languages
from glossary.errors import SourceFormatError, ValidationError
from sources.unit_reader import FileUnitReader
from sources.xmlsafe import ALLOWED
from tm.records import Annotation, UnitDraft, VariantDraft
from tm.store import REPEATED, StagedUnit, stage

PROP = "x-po-"
MSGCTXT, FLAGS, EXTRACTED, REFERENCES, OBSOLETE = (PROP + k for k in
                                                    ("msgctxt", "flags", "extracted", "references", "obsolete"))
PREVIOUS = {"previous_msgctxt": PROP + "previous-msgctxt", "previous_msgid": PROP + "previous-msgid",
            "previous_msgid_plural": PROP + "previous-msgid_plural"}
MSGID_PLURAL = PROP + "msgid_plural"
#: On the source variant when the target is in the same language (``Language: en`` catalogs keyed by
#: English ids): which side is the msgid must count in the content hash, which sorts variants.
ROLE = PROP + "role"
#: Header keys silkterm adds to the stored header (never PO metadata names: those have no spaces).
HEADER_COMMENT, HEADER_FLAGS, HEADER_SOURCE, HEADER_TARGET = (
    "silkterm comment", "silkterm flags", "silkterm source", "silkterm target")
#: msgctxt our export gives units that did not come from a PO file; read back as no msgctxt.
UNIT_CONTEXT = re.compile(r"^silkterm:unit:(\d+)$")
#: A stored unit's (language, text) pairs by unit id, None for no such unit (:attr:`PoReader.stored_texts`).
StoredTexts = Callable[[int], Sequence[tuple[str, str]] | None]
_PROP_LINE = re.compile(r"^\[prop ([^\]\n]+)\] (.*)$")
_CHARSET = re.compile(rb"Content-Type:[^\n\"]*?charset\s*=\s*([A-Za-z0-9_.:-]+)", re.I)
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"\s*$')
#: Escapes polib reads back as written (others it would keep as a backslash and a letter).
_ESCAPED = re.compile(r'(?:[^\\]|\\[\\"ntr])*')
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(.*)$")
#: A language in a file or folder name: two letters only (``non-valid`` is not Old Norse).
_LANG_NAME = re.compile(r"^[A-Za-z]{2}(?:[_-][A-Za-z0-9]{2,8})*$")
#: BCP 47 "undetermined": the target language of a file that names none.
UNKNOWN = "und"


def msgstr_prop(n: int) -> str:
    """The prop type carrying plural form ``n`` (n ≥ 1) of a translation."""
    return f"{PROP}msgstr[{n}]"


def escape_prop_value(text: str) -> str:
    """A prop value on one line of an extracted comment (backslash and newline escaped)."""
    return text.replace("\\", "\\\\").replace("\n", "\\n")


def _unescape_prop_value(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


class PoReader(FileUnitReader):
    """Reads the entries of one PO file as units; ``header`` (the metadata fields, plus the header
    comment and flags under ``silkterm …`` keys) is set once it is read. ``header_xml`` is None.

    ``stored_texts``, when set, looks units of the TM up: an entry our export wrote for unit N
    (``msgctxt "silkterm:unit:N"``) whose texts are still unit N's is that unit, merged and not added
    again as a two-language unit (a PO file is one language pair of a unit that may have more)."""

    stored_texts: StoredTexts | None = None

    @property
    def reads_here(self) -> bool:
        """Looking units up needs this process's database connection: no reading child."""
        return self.stored_texts is not None

    def units(self) -> Iterator[UnitDraft]:
        """Every entry (obsolete ones too) as a draft, in file order.

        Raises :class:`SourceFormatError` (file, line, reason) for anything malformed.
        """
        return (draft for _unit_id, draft in self._drafts())

    def staged(self) -> Iterator[StagedUnit | str | None]:
        """:func:`tm.store.stage` of every entry; :data:`tm.store.REPEATED` for one that is a stored
        unit (see the class)."""
        for unit_id, draft in self._drafts():
            yield REPEATED if unit_id is not None and self._is_stored(unit_id, draft) else stage(draft)

    def _is_stored(self, unit_id: int, draft: UnitDraft) -> bool:
        stored = self.stored_texts(unit_id) if self.stored_texts is not None else None
        return bool(stored) and all(
            any(text == v.text and languages.matches(lang, v.lang) for lang, text in stored) for v in draft.variants)

    def _drafts(self) -> Iterator[tuple[int | None, UnitDraft]]:
        """(the unit id of an entry our export wrote for a stored unit, or None; the draft) of every entry."""
        text = self.text()
        check_syntax(text, self.name)
        try:
            catalog = polib.pofile(text, wrapwidth=0)
        except (OSError, ValueError) as exc:
            found = re.search(r"line (\d+)", str(exc))
            raise self._error(int(found.group(1)) if found else None, f"not a valid PO file: {exc}") from None
        source, target = self._languages(catalog)
        self.header = {**catalog.metadata, HEADER_SOURCE: source[1]}
        if target:
            self.header[HEADER_TARGET] = target[1]
        if catalog.header:
            self.header[HEADER_COMMENT] = catalog.header
        if catalog.metadata_is_fuzzy:
            self.header[HEADER_FLAGS] = "fuzzy"
        for entry in catalog:
            ours = UNIT_CONTEXT.match(entry.msgctxt) if entry.msgctxt and not entry.msgid_plural else None
            yield int(ours.group(1)) if ours else None, entry_unit(entry, source, target, self.name)

    def text(self) -> str:
        """The file's content decoded (charset from the header; see the module for what is refused)."""
        return self._decode(self._read())

    def _read(self) -> bytes:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            raise self._error(None, "no such file") from None
        except IsADirectoryError:
            raise self._error(None, "is a directory, not a file") from None
        except OSError as exc:
            raise self._error(None, f"cannot read ({exc.strerror})") from None
        if self.progress:
            self.progress(len(data))
        return data

    def _decode(self, data: bytes) -> str:
        for bom, name in ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                          (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):
            if data.startswith(bom):
                raise self._error(1, f"{name} is not accepted in PO files (gettext reads UTF-8; save as UTF-8)")
        if data.startswith(b"+/v"):
            raise self._error(1, "UTF-7 is not accepted (save the file as UTF-8)")
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8):]
        nul = data.find(b"\x00")
        if nul >= 0:
            raise self._error(data.count(b"\n", 0, nul) + 1, "NUL character (a binary or corrupted file)")
        label = _declared_charset(data)
        codec = _codec(label)
        if codec is None or codec not in ALLOWED:
            raise self._error(_line_of(data, label.encode("ascii", "replace")),
                              f"charset {label!r} is not accepted")
        if codec not in ("utf-8", "ascii") and not data.isascii() and _is_utf8(data):
            # legacy text is practically never valid UTF-8 by chance: the header is wrong, and reading
            # the file as it says would store mojibake
            raise self._error(_line_of(data, label.encode("ascii", "replace")),
                              f"the header declares charset {label} but the file is UTF-8 (fix the charset)")
        try:
            return data.decode(codec)
        except UnicodeDecodeError as exc:
            raise self._error(data.count(b"\n", 0, exc.start) + 1,
                              f"bytes that are not valid {label}: {exc.reason}") from None

    def _languages(self, catalog: polib.POFile) -> tuple[tuple[str, str], tuple[str, str] | None]:
        """((canonical, as written) of the source, same of the target or None when unknown)."""
        meta = catalog.metadata
        src_tag = (meta.get("X-Source-Language") or "").strip() or "en"
        source = (self._canonical(src_tag, "X-Source-Language"), src_tag)
        tag = (meta.get("Language") or "").strip()
        if tag:
            return source, (self._canonical(tag, "Language"), tag)
        guessed = language_from_path(self.path)
        if guessed:
            return source, guessed
        if any(_translated(e) for e in catalog):
            return source, (UNKNOWN, UNKNOWN)
        return source, None

    def _canonical(self, tag: str, field: str) -> str:
        try:
            return languages.canonical(tag)
        except ValidationError as exc:
            raise self._error(None, f"header {field}: {exc}") from None


def entry_unit(entry: polib.POEntry, source: tuple[str, str], target: tuple[str, str] | None,
               path: str) -> UnitDraft:
    """One PO entry as a unit draft (see the module's table for where each part goes)."""
    unit_notes: list[Annotation] = []
    if entry.msgctxt is not None and not UNIT_CONTEXT.match(entry.msgctxt):
        unit_notes.append(Annotation("prop", entry.msgctxt, MSGCTXT))
    if entry.flags:
        unit_notes.append(Annotation("prop", ", ".join(entry.flags), FLAGS))
    if entry.tcomment:
        unit_notes.append(Annotation("note", entry.tcomment))
    unit_notes.extend(_extracted(entry.comment))
    if entry.occurrences:
        unit_notes.append(Annotation("prop", "\n".join(f"{f}:{n}" if n else f for f, n in entry.occurrences),
                                     REFERENCES))
    for attr, prop in PREVIOUS.items():
        value = getattr(entry, attr)
        if value is not None:
            unit_notes.append(Annotation("prop", value, prop))
    if entry.obsolete:
        unit_notes.append(Annotation("prop", "yes", OBSOLETE))
    src_notes: tuple[Annotation, ...] = ()
    if entry.msgid_plural:
        src_notes += (Annotation("prop", entry.msgid_plural, MSGID_PLURAL),)
    translated = _translated(entry)
    if translated and target is not None and target[0] == source[0]:
        src_notes += (Annotation("prop", "msgid", ROLE),)
    variants = [VariantDraft(source[0], source[1], entry.msgid, annotations=src_notes)]
    if translated:
        if target is None:  # unreachable: the reader refuses translations without a target language
            raise SourceFormatError(path, entry.linenum, "a translation without a target language")
        variants.append(_target(entry, target))
    return UnitDraft(variants=tuple(variants), attrs={"srclang": source[1]}, annotations=tuple(unit_notes),
                     line=entry.linenum or None)


def _target(entry: polib.POEntry, target: tuple[str, str]) -> VariantDraft:
    attrs = {"state": "fuzzy"} if "fuzzy" in entry.flags else {}
    if not entry.msgid_plural:
        return VariantDraft(target[0], target[1], entry.msgstr, attrs=attrs)
    forms = {int(k): v for k, v in entry.msgstr_plural.items()}
    notes = tuple(Annotation("prop", forms[n], msgstr_prop(n)) for n in sorted(forms) if n != 0)
    return VariantDraft(target[0], target[1], forms.get(0, ""), attrs=attrs, annotations=notes)


def _translated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return any(v for v in entry.msgstr_plural.values())
    return bool(entry.msgstr)


def _extracted(comment: str) -> list[Annotation]:
    """Extracted comments: ``[prop TYPE] value`` lines (written by our export) are props again."""
    if not comment:
        return []
    props, rest = [], []
    for line in comment.split("\n"):
        m = _PROP_LINE.match(line)
        if m:
            props.append(Annotation("prop", _unescape_prop_value(m.group(2)), m.group(1)))
        else:
            rest.append(line)
    if rest:
        props.insert(0, Annotation("prop", "\n".join(rest), EXTRACTED))
    return props


def _declared_charset(data: bytes) -> str:
    """The header's charset (``CHARSET``, the template placeholder, and no header mean UTF-8)."""
    found = _CHARSET.search(data[:65536])
    if not found or found.group(1).upper() == b"CHARSET":
        return "UTF-8"
    return found.group(1).decode("ascii")


def _codec(label: str) -> str | None:
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _line_of(data: bytes, needle: bytes) -> int | None:
    pos = data.find(needle)
    return data.count(b"\n", 0, pos) + 1 if pos >= 0 else None


def language_from_path(path: Path) -> tuple[str, str] | None:
    """A language named by the file (``ru.po``, ``tgif.fr.po``, ``af-pootle.po``) or its folder
    (``ru/LC_MESSAGES/django.po``)."""
    names = [path.stem, path.stem.rsplit(".", 1)[-1], re.split(r"[-.]", path.stem, maxsplit=1)[0]]
    parent = path.parent
    if parent.name == "LC_MESSAGES":
        parent = parent.parent
    names.append(parent.name)
    for name in names:
        if _LANG_NAME.match(name):
            try:
                return languages.canonical(name), name
            except ValidationError:
                continue
    return None


# ---- strict syntax check -----------------------------------------------------------------------------

def check_syntax(text: str, path: str) -> None:
    """Refuse what polib would silently misread: unterminated strings, unknown escapes, a keyword
    out of order, an entry cut off before its ``msgstr``. Raises :class:`SourceFormatError`."""
    states = {False: _Grammar(path), True: _Grammar(path)}  # active and obsolete entries
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if line.startswith("|"):
                line = line[1:].strip()
                _literal_of(line, number, path, keyword_ok=True)
                continue
        elif not line or line.startswith("#"):
            continue
        if not line:
            continue
        states[obsolete].feed(line, number)
    for grammar in states.values():
        grammar.finish()


class _Grammar:
    """The order of keywords in PO entries."""

    _NEXT = {None: {"msgctxt", "msgid"}, "msgctxt": {"msgid"}, "msgid": {"msgid_plural", "msgstr"},
             "msgid_plural": {"msgstr[]"}, "msgstr": {"msgctxt", "msgid"},
             "msgstr[]": {"msgstr[]", "msgctxt", "msgid"}}

    def __init__(self, path: str) -> None:
        self.path = path
        self.last: str | None = None
        self.line = 0
        self.form = 0

    def feed(self, line: str, number: int) -> None:
        if line.startswith('"'):
            if self.last is None:
                raise SourceFormatError(self.path, number, "a string outside any msgid/msgstr")
            _literal_of(line, number, self.path, keyword_ok=False)
            return
        m = _KEYWORD.match(line)
        if not m:
            raise SourceFormatError(self.path, number, f"not PO syntax: {line[:40]!r}")
        keyword = "msgstr[]" if m.group(2) is not None else m.group(1)
        if keyword not in self._NEXT[self.last]:
            expected = " or ".join(sorted(k.replace("[]", "[n]") for k in self._NEXT[self.last]))
            raise SourceFormatError(self.path, number, f"{m.group(1)} where {expected} was expected")
        if keyword == "msgstr[]":
            form = self.form + 1 if self.last == "msgstr[]" else 0
            if int(m.group(2)) != form:
                raise SourceFormatError(self.path, number, f"{m.group(1)} where msgstr[{form}] was expected "
                                                           "(plural forms count up from 0)")
            self.form = form
        _literal_of(m.group(3), number, self.path, keyword_ok=False)
        self.last, self.line = keyword, number

    def finish(self) -> None:
        if self.last in ("msgctxt", "msgid", "msgid_plural"):
            raise SourceFormatError(self.path, self.line, f"the file ends after {self.last} (no msgstr): truncated?")


def _literal_of(text: str, number: int, path: str, keyword_ok: bool) -> None:
    if keyword_ok:
        m = _KEYWORD.match(text)
        text = m.group(3) if m else text
    if not text.startswith('"'):
        raise SourceFormatError(path, number, "a string in double quotes was expected")
    m = _STRING.fullmatch(text)
    if not m:
        raise SourceFormatError(path, number, "unterminated string (a missing closing quote)")
    body = m.group(1)
    if "\\" in body and not _ESCAPED.fullmatch(body):
        bad = next(e.group() for e in re.finditer(r"\\.", body) if e.group()[1] not in '\\"ntr')
        raise SourceFormatError(path, number, f"unsupported escape sequence {bad}")
