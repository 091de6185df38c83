"""TBX import: v3 (TBX-Basic, -Core, -Min; DCA and DCT styles) and v2 ``martif``, streaming.

``iterparse`` over :class:`sources.xmlsafe.XmlStream` (no entities, no DTD, no network), one
``conceptEntry`` / ``termEntry`` at a time, cleared once converted. What silkterm has a column for
is read into it (the first of each: subjectField → category, definition, note, source, status,
termType, gender, number, the origination and modification ``transacGrp``); everything else (an
``xref``, a ``descripGrp``, a ``partOfSpeech``, a langSec-level definition, a second note) is kept
as it was in ``attrs`` and written back by :mod:`sources.tbx_write`, so TBX → import → export →
import is equal. A term without administrativeStatus is ``admitted`` (the file does not say it is
preferred).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from lxml import etree

from glossary.bulk import BulkConcept, BulkTerm
from glossary.errors import SourceFormatError
from glossary.vocab import Category
from sources.tbx_common import DCT_ELEMENT, GENDERS, MARK, NUMBERS, STATUS_IN, TBX_NS, TYPE_IN, XML_LANG, parse_date
from sources.xmlsafe import XmlStream, iterparse, root_element, syntax_error

_ENTRY_TAGS = ("{*}conceptEntry", "{*}termEntry")
_LANG = ("langSec", "langSet")
_TERM = ("termSec", "tig", "ntig")
_CATEGORIES = {c.value for c in Category}
#: ``[silkterm FIELD]`` notes that set a column; any other field is an ``attrs`` key.
_CONCEPT_MARKS = ("subject", "code")
_TERM_MARKS = ("status", "type", "number")


def kept(el: etree._Element) -> dict[str, Any]:
    """An element (already namespace-free DCA) as the JSON ``attrs`` keep it."""
    item: dict[str, Any] = {"el": el.tag}
    attrs = {("xml:lang" if k == XML_LANG else k): v for k, v in el.attrib.items()}
    if attrs:
        item["attrs"] = attrs
    children = [kept(c) for c in el]
    text = el.text if not children else (el.text or "").strip() or None
    if text:
        item["text"] = text
    if children:
        item["children"] = children
    return item


def _normalize(entry: etree._Element) -> None:
    """Namespaces off, DCT elements to their DCA form, comments and PIs dropped (in place)."""
    namespaced = False
    for el in list(entry.iter()):
        tag = el.tag
        if not isinstance(tag, str):
            el.getparent().remove(el)
            continue
        if tag[0] != "{":  # v2 files: no namespaces at all
            continue
        namespaced = True
        ns, local = tag[1:].split("}", 1)
        if ns != TBX_NS and local in DCT_ELEMENT:
            el.tag = DCT_ELEMENT[local]
            el.set("type", local)
        else:
            el.tag = local
    if namespaced:
        etree.cleanup_namespaces(entry)


def _simple(el: etree._Element, tag: str, kind: str | None = None) -> str | None:
    """The text of ``<tag type=kind>text</tag>`` with no other attributes or children, else None."""
    if el.tag != tag or len(el) or el.get("type") != kind or set(el.attrib) - {"type"}:
        return None
    return el.text if el.text and el.text.strip() else None


def _transaction(el: etree._Element) -> tuple[str, datetime, str | None, str | None] | None:
    """(origination|modification, date, person, person ref) of a plain transacGrp, else None."""
    if el.tag != "transacGrp" or el.attrib:
        return None
    kind = date = person = ref = None
    for child in el:
        if child.tag == "transac" and kind is None:
            kind = _simple(child, "transac", "transactionType")
        elif child.tag == "date" and date is None and not child.attrib and not len(child):
            date = parse_date(child.text)
        elif (child.tag == "transacNote" and person is None and child.get("type") == "responsibility"
              and not len(child) and set(child.attrib) <= {"type", "target"} and child.text):
            person, ref = child.text, child.get("target")
        else:
            return None
    if kind not in ("origination", "modification") or date is None:
        return None
    return kind, date, person, ref


class _Fields:
    """Columns read so far from one entry or term, and what is kept for ``attrs``."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.attrs: dict[str, Any] = {}
        self.items: list[dict[str, Any]] = []
        self._modification: tuple[int, dict[str, Any]] | None = None

    def take(self, field: str, value: Any) -> bool:
        """Set ``field`` if not set yet; False (keep the element) when it is."""
        if value is None or field in self.values:
            return False
        self.values[field] = value
        return True

    def transaction(self, el: etree._Element) -> bool:
        """Read the first origination and the last modification into the dates."""
        found = _transaction(el)
        if found is None:
            return False
        kind, date, person, ref = found
        if kind == "origination":
            if "created_at" in self.values:
                return False
            self.values.update(created_at=date, created_by=person)
            if ref:
                self.attrs["originationRef"] = ref
            return True
        if self._modification is not None:  # the earlier one is kept as it was
            index, earlier = self._modification
            self.items.insert(index, earlier)
        self._modification = (len(self.items), kept(el))
        self.values.update(modified_at=date, modified_by=person)
        if ref:
            self.attrs["modificationRef"] = ref
        return True

    def marked(self, el: etree._Element, columns: tuple[str, ...]) -> bool:
        """Decode a ``[silkterm field]`` or ``[tbx]`` note written by our exporter."""
        text = _simple(el, "note")
        m = MARK.match(text) if text else None
        if not m:
            return False
        if m.group(1) == "tbx":
            try:
                self.items.append(json.loads(m.group(3)))
            except ValueError:
                return False
        elif m.group(2) in columns:
            self.values[m.group(2)] = m.group(3)
        elif m.group(2):
            self.attrs[m.group(2)] = m.group(3)
        else:
            return False
        return True

    def attrs_out(self) -> dict[str, Any] | None:
        out = dict(self.attrs)
        if self.items:
            out["items"] = self.items
        return out or None


class TbxReader:
    """Reads the concepts of one TBX file (v2 or v3) as :class:`~glossary.bulk.BulkConcept`."""

    def __init__(self, path: Path, progress: Callable[[int], None] | None = None) -> None:
        self.path, self.name, self.progress = path, str(path), progress
        self.version: str | None = None
        self.default_lang: str | None = None

    def _error(self, line: int | None, detail: str) -> SourceFormatError:
        return SourceFormatError(self.name, line, detail)

    def concepts(self) -> Iterator[BulkConcept]:
        """Every entry of the file, in file order; raises :class:`SourceFormatError` for bad input."""
        with XmlStream(self.path, self.progress) as stream:
            root, _ns, line = root_element(stream.head, self.name)
            if root is None:
                raise self._error(line, "not a TBX file (no XML root element)")
            if root.lower() not in ("tbx", "martif"):
                kind = "a TMX file" if root.lower() == "tmx" else f"an XML file with root <{root}>"
                raise self._error(line, f"this is {kind}, not TBX")
            self.version = "v2" if root.lower() == "martif" else "v3"
            events = iterparse(stream, events=("end",), tag=_ENTRY_TAGS)
            try:
                yield from self._walk(events)
            except etree.XMLSyntaxError as exc:
                raise syntax_error(self.name, exc) from None

    def _walk(self, events: Any) -> Iterator[BulkConcept]:
        checked = False
        for _event, el in events:
            if not checked:
                self._check_root(el.getroottree().getroot())
                checked = True
            line = el.sourceline
            _normalize(el)
            yield self._entry(el, line)
            el.clear(keep_tail=False)
            parent = el.getparent()
            while el.getprevious() is not None:
                del parent[0]

    def _check_root(self, el: etree._Element) -> None:
        tree = el.getroottree()
        dtd = tree.docinfo.internalDTD
        if dtd is not None and any(True for _ in dtd.iterentities()):
            raise self._error(1, "entity declarations are not accepted")
        self.default_lang = el.get(XML_LANG)

    def _entry(self, el: etree._Element, line: int | None) -> BulkConcept:
        f = _Fields()
        terms: list[BulkTerm] = []
        for child in el:
            if child.tag in _LANG:
                terms += self._lang_section(child, f)
            elif not self._concept_field(child, f):
                f.items.append(kept(child))
        if not terms:
            raise self._error(line, f"<{el.tag}> has no term")
        v = f.values
        subject_field = v.get("subjectField")
        category = subject_field if subject_field else "other"
        if category not in _CATEGORIES:
            category = "other"
            f.items.insert(0, {"el": "descrip", "attrs": {"type": "subjectField"}, "text": subject_field})
        return BulkConcept(
            terms=tuple(terms), category=category, subject=v.get("subject"), definition=v.get("definition"),
            note=v.get("note"), sources=tuple(v.get("sources", ())), code=v.get("code"), attrs=f.attrs_out(),
            created_at=v.get("created_at"), created_by=v.get("created_by"), modified_at=v.get("modified_at"),
            modified_by=v.get("modified_by"), entry_id=el.get("id"), line=line)

    def _concept_field(self, el: etree._Element, f: _Fields) -> bool:
        if f.marked(el, _CONCEPT_MARKS) or f.transaction(el):
            return True
        if (text := _simple(el, "admin", "source")) is not None:
            f.values.setdefault("sources", []).append(text)
            return True
        return (f.take("subjectField", _simple(el, "descrip", "subjectField"))
                or f.take("definition", _simple(el, "descrip", "definition"))
                or f.take("note", _simple(el, "note")))

    def _lang_section(self, el: etree._Element, concept: _Fields) -> list[BulkTerm]:
        lang = el.get(XML_LANG) or el.get("lang") or self.default_lang
        if not lang:
            raise self._error(el.sourceline, f"<{el.tag}> without xml:lang")
        terms = []
        for child in el:
            term = self._term(child, lang) if child.tag in _TERM else None
            if term is not None:
                terms.append(term)
            else:  # auxiliary information, or a term section whose term is empty: kept as it was
                concept.items.append({**(_unwrapped(child) or kept(child)), "lang": lang})
        return terms

    def _term(self, el: etree._Element, lang: str) -> BulkTerm | None:
        f = _Fields()
        text = None
        children = list(el)
        if el.tag == "ntig":  # v2: <ntig><termGrp><term/><termNote/>…</termGrp> then auxiliary info
            group = next((c for c in children if c.tag == "termGrp"), None)
            children = [*(group if group is not None else ()), *(c for c in children if c.tag != "termGrp")]
        for child in children:
            if child.tag == "term" and text is None:
                text = "".join(child.itertext())
                if len(child) or set(child.attrib) - {"id"}:
                    f.attrs["term"] = kept(child)
            elif not self._term_field(child, f):
                f.items.append(kept(child))
        if text is None:
            raise self._error(el.sourceline, f"<{el.tag}> has no <term>")
        if not text.strip():
            return None
        v = f.values
        if lang != (canonical := _canonical_or_same(lang)):
            f.attrs["lang"] = lang
        return BulkTerm(
            lang=canonical, text=text, status=v.get("status") or "admitted", type=v.get("type") or "full",
            note=v.get("note"), source=v.get("source"), gender=v.get("gender"), number=v.get("number"),
            attrs=f.attrs_out(), created_at=v.get("created_at"), created_by=v.get("created_by"),
            modified_at=v.get("modified_at"), modified_by=v.get("modified_by"))

    def _term_field(self, el: etree._Element, f: _Fields) -> bool:
        if f.marked(el, _TERM_MARKS) or f.transaction(el):
            return True
        status = _simple(el, "termNote", "administrativeStatus") or _simple(el, "termNote", "normativeAuthorization")
        ttype = _simple(el, "termNote", "termType")
        gender = _simple(el, "termNote", "grammaticalGender")
        number = _simple(el, "termNote", "grammaticalNumber")
        return (f.take("status", STATUS_IN.get(status or ""))
                or f.take("type", TYPE_IN.get(ttype or ""))
                or f.take("gender", gender if gender in GENDERS else None)
                or f.take("number", number if number in NUMBERS else None)
                or f.take("note", _simple(el, "note"))
                or f.take("source", _simple(el, "admin", "source")))


def _unwrapped(el: etree._Element) -> dict[str, Any] | None:
    """The kept element a ``[tbx]`` note of our exporter carries, if it is one."""
    text = _simple(el, "note")
    m = MARK.match(text) if text else None
    if not m or m.group(1) != "tbx":
        return None
    try:
        return json.loads(m.group(3))
    except ValueError:
        return None


def _canonical_or_same(lang: str) -> str:
    """The canonical tag; an invalid one is left for the termbase's validation to name."""
    from glossary import languages
    from glossary.errors import ValidationError

    try:
        return languages.canonical(lang)
    except ValidationError:
        return lang
