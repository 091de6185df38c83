"""TMX 1.4b (and 1.1–1.3) import and export, streaming.

Reading: ``lxml.etree.iterparse`` over :class:`sources.xmlsafe.XmlStream`, one ``<tu>`` at a time,
each cleared once converted, so memory stays flat however large the file. Levels 1 and 2: inline
elements are kept as markup (:mod:`tm.markup`). Language tags are stored canonical with the
original kept. Writing: every attribute the DTD allows on ``tu`` and ``tuv`` comes back as an
attribute; any other (a foreign attribute, a value outside the DTD's list) travels as a
``<prop type="x-silkterm-attr:NAME">`` that this reader turns back into the attribute, so an
export is DTD-valid and a re-import equal.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TextIO, TypeVar

from lxml import etree

from glossary import languages
from glossary.errors import SilktermError, ValidationError
from sources.unit_reader import FileUnitReader
from sources.xmlsafe import XmlStream, iterparse, root_element, syntax_error
from tm.markup import TMX_NS, MarkupError, escape_attr, escape_text, local_name, read_content
from tm.records import Annotation, UnitDraft, UnitRecord, VariantDraft
from tm.store import StagedUnit, stage, stage_plain

XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"
RESERVED_PROP = "x-silkterm-attr:"
SEGTYPES = ("block", "paragraph", "sentence", "phrase")
_COMMON = ("o-encoding", "datatype", "usagecount", "lastusagedate", "creationtool", "creationtoolversion",
           "creationdate", "creationid", "changedate", "changeid", "o-tmf")
#: Attributes the TMX 1.4b DTD declares, per element.
TU_ATTRIBUTES = frozenset({"tuid", "segtype", "srclang", *_COMMON})
TUV_ATTRIBUTES = frozenset({"xml:lang", *_COMMON})  # 1.4b dropped tuv's lang (still read as the tag)
NOTE_ATTRIBUTES = frozenset({"xml:lang", "lang", "o-encoding"})
_TAGS = ("tu", "header", f"{{{TMX_NS}}}tu", f"{{{TMX_NS}}}header")
_CHILD_KINDS = {name: name for name in ("tuv", "prop", "note")} | {
    f"{{{TMX_NS}}}{name}": name for name in ("tuv", "prop", "note")}
_SEG_TAGS = frozenset({"seg", f"{{{TMX_NS}}}seg"})
_HEADER_TAGS = frozenset({"header", f"{{{TMX_NS}}}header"})
_BODY_TAGS = frozenset({"body", f"{{{TMX_NS}}}body"})
T = TypeVar("T")
_INVALID_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _attr_name(key: str) -> str:
    return "xml:" + key[len(XML_NS) + 2:] if key.startswith(f"{{{XML_NS}}}") else key


def _attributes(el: etree._Element) -> dict[str, str]:
    items = el.items()
    if not items:
        return {}
    for key, _value in items:
        if key[0] == "{":  # namespaced: xml:lang, foreign attributes
            return {_attr_name(k): v for k, v in items}
    return dict(items)


def _annotation_of(el: etree._Element, kind: str) -> Annotation:
    """A ``<note>`` or ``<prop>`` element (of text only) as an annotation."""
    attrs = _attributes(el)
    type_ = attrs.pop("type", "") if kind == "prop" else None
    return Annotation(kind=kind, text=el.text or "", type=type_, attrs=attrs)


class TmxReader(FileUnitReader):
    """Reads the units of one TMX file; ``header`` and ``header_xml`` are set once it is read."""

    def units(self) -> Iterator[UnitDraft]:
        """Every ``<tu>`` of the file as a draft, in file order.

        Raises :class:`SourceFormatError` (file, line, reason) for anything malformed or hostile.
        """
        return self._read(self._unit)

    def staged(self) -> Iterator[StagedUnit | None]:
        """``map(stage, units())``, faster: a plain ``<tu>`` (what most are) goes from its elements to
        the staged tuple without a draft (:meth:`_plain`)."""
        return self._read(lambda tu: self._plain(tu) or stage(self._unit(tu)))

    def _read(self, convert: Callable[[etree._Element], T]) -> Iterator[T]:
        with XmlStream(self.path, self.progress) as stream:
            root, ns, line = root_element(stream.head, self.name)
            if root is None:
                raise self._error(line, "not a TMX file (no XML root element)")
            if root.lower() != "tmx" or ns not in (None, "", TMX_NS):
                kind = "a TBX file" if root.lower() in ("tbx", "martif") else f"an XML file with root <{root}>"
                raise self._error(line, f"this is {kind}, not TMX")
            events = iterparse(stream, events=("end",), tag=_TAGS)
            try:
                yield from self._walk(events, convert)
            except etree.XMLSyntaxError as exc:
                raise syntax_error(self.name, exc) from None

    def _walk(self, events: Iterable[tuple[str, etree._Element]],
              convert: Callable[[etree._Element], T]) -> Iterator[T]:
        checked = False
        for _event, el in events:
            if not checked:
                self._check_document(el)
                checked = True
            parent = el.getparent()
            if el.tag in _HEADER_TAGS:
                self._read_header(el)
            elif parent.tag in _BODY_TAGS:
                yield convert(el)
            else:  # a <tu> somewhere else: left for the body check, not read twice
                continue
            el.clear(keep_tail=False)
            if el.getprevious() is not None:
                del parent[:parent.index(el)]

    def _check_document(self, el: etree._Element) -> None:
        tree = el.getroottree()
        dtd = tree.docinfo.internalDTD
        if dtd is not None and any(True for _ in dtd.iterentities()):
            raise self._error(1, "entity declarations are not accepted")
        if local_name(tree.getroot().tag) != "tmx":
            raise self._error(tree.getroot().sourceline, "this is not a TMX file")

    def _read_header(self, el: etree._Element) -> None:
        self.header = _attributes(el)
        self.header_xml = "".join(etree.tostring(child, encoding="unicode", with_tail=False) for child in el)

    def _unit(self, tu: etree._Element) -> UnitDraft:
        attrs, notes, variants = _attributes(tu), [], []
        for child in tu:
            name = local_name(child.tag)
            if name == "tuv":
                variants.append(self._variant(child))
            elif name in ("note", "prop"):
                notes.append(self._annotation(child, name))
            else:
                raise self._error(child.sourceline, f"<{etree.QName(child).localname}> is not allowed in <tu>")
        if notes:
            attrs, notes = _decode_reserved(attrs, notes)
        return UnitDraft(variants=tuple(variants), attrs=attrs, annotations=tuple(notes), line=tu.sourceline)

    def _plain(self, tu: etree._Element) -> StagedUnit | None:
        """The staged unit of a ``<tu>`` whose ``<tuv>`` have only ``xml:lang`` and a ``<seg>`` of
        plain text, and whose props and notes have no attribute but a prop's type; None for any
        other (read through :meth:`_unit`, which also reports what is wrong)."""
        items = tu.items()
        for key, _value in items:
            if key[0] == "{":
                return None
        notes: list[tuple[str, str | None, str]] = []
        variants: list[tuple[str, str, str]] = []
        for child in tu:
            kind = _CHILD_KINDS.get(child.tag)
            if kind == "tuv":
                attrs = child.items()
                if len(attrs) != 1 or attrs[0][0] != XML_LANG or len(child) != 1:
                    return None
                seg = child[0]
                lang = _plain_lang(attrs[0][1])
                if seg.tag not in _SEG_TAGS or len(seg) or lang is None:
                    return None
                variants.append((*lang, seg.text or ""))
            elif kind is None or len(child):
                return None
            else:
                attrs = child.items()
                if kind == "note":
                    if attrs:
                        return None
                    notes.append((kind, None, child.text or ""))
                elif not attrs:
                    notes.append((kind, "", child.text or ""))
                elif len(attrs) == 1 and attrs[0][0] == "type" and not attrs[0][1].startswith(RESERVED_PROP):
                    notes.append((kind, attrs[0][1], child.text or ""))
                else:
                    return None
        if not variants:
            return None
        return stage_plain(dict(items), notes, variants)

    def _annotation(self, el: etree._Element, kind: str) -> Annotation:
        if len(el):
            raise self._error(el.sourceline, f"<{kind}> may contain only text")
        return _annotation_of(el, kind)

    def _variant(self, tuv: etree._Element) -> VariantDraft:
        items = tuv.items()
        if len(items) == 1 and items[0][0] == XML_LANG:  # the common case: only xml:lang
            attrs: dict[str, str] = {}
            lang_tag = items[0][1].strip()
        else:
            attrs = _attributes(tuv)
            tag_attr = "xml:lang" if attrs.get("xml:lang") else "lang"
            lang_tag = attrs.pop(tag_attr, "").strip()
        if not lang_tag:
            raise self._error(tuv.sourceline, "<tuv> without a language (xml:lang)")
        try:
            lang = languages.canonical(lang_tag)
        except ValidationError as exc:
            raise self._error(tuv.sourceline, str(exc)) from None
        notes, seg = [], None
        for child in tuv:
            name = local_name(child.tag)
            if name == "seg" and seg is None:
                seg = child
            elif name in ("note", "prop"):
                notes.append(self._annotation(child, name))
            elif name == "seg":
                raise self._error(tuv.sourceline, "<tuv> with more than one <seg>")
            else:
                raise self._error(child.sourceline, f"<{etree.QName(child).localname}> is not allowed in <tuv>")
        if seg is None:
            raise self._error(tuv.sourceline, "<tuv> without <seg>")
        if len(seg):
            try:
                text, markup = read_content(seg)
            except MarkupError as exc:
                raise self._error(exc.line or seg.sourceline, exc.detail) from None
        else:
            text, markup = seg.text or "", None
        if notes:
            attrs, notes = _decode_reserved(attrs, notes)
        return VariantDraft(lang=lang, lang_tag=lang_tag, text=text, markup=markup, attrs=attrs,
                            annotations=tuple(notes))


@functools.lru_cache(maxsize=1024)
def _plain_lang(value: str) -> tuple[str, str] | None:
    """(canonical language, tag as written) of an ``xml:lang`` value; None if it is not valid
    (:meth:`TmxReader._variant` then says why)."""
    tag = value.strip()
    try:
        return (languages.canonical(tag), tag) if tag else None
    except ValidationError:
        return None


def _decode_reserved(attrs: dict[str, str], notes: list[Annotation]) -> tuple[dict[str, str], list[Annotation]]:
    """Turn ``x-silkterm-attr:NAME`` props (written by our export) back into attributes."""
    kept = []
    for note in notes:
        if note.kind == "prop" and note.type and note.type.startswith(RESERVED_PROP):
            attrs[note.type[len(RESERVED_PROP):]] = note.text
        else:
            kept.append(note)
    return attrs, kept


# ---- writing ---------------------------------------------------------------------------------------

def _attr_xml(attrs: Mapping[str, str]) -> str:
    return "".join([f' {k}="{escape_attr(v)}"' for k, v in attrs.items()]) if attrs else ""


def _split_attributes(attrs: Mapping[str, str], allowed: frozenset[str]) -> tuple[dict[str, str], list[Annotation]]:
    """(attributes the DTD allows here, reserved props carrying the others)."""
    out, carried = {}, []
    for k, v in attrs.items():
        if k in allowed and (k != "segtype" or v in SEGTYPES):
            out[k] = v
        else:
            carried.append(Annotation("prop", v, RESERVED_PROP + k))
    return out, carried


def _notes_xml(notes: Iterable[Annotation], indent: str) -> str:
    parts = []
    for n in notes:
        attrs = {k: v for k, v in n.attrs.items() if k in NOTE_ATTRIBUTES}  # others have no place in TMX
        if n.kind == "prop":
            attrs = {"type": n.type or "", **attrs}
        parts.append(f"{indent}<{n.kind}{_attr_xml(attrs)}>{escape_text(n.text)}</{n.kind}>\n")
    return "".join(parts)


def unit_xml(unit: UnitRecord) -> str:
    """One ``<tu>`` as TMX 1.4b XML (indented; segment content untouched)."""
    attrs, carried = _split_attributes(unit.attrs, TU_ATTRIBUTES) if unit.attrs else ({}, [])
    parts = [f"    <tu{_attr_xml(attrs)}>\n"]
    if unit.annotations or carried:
        parts.append(_notes_xml((*unit.annotations, *carried), "      "))
    for v in unit.variants:
        vattrs, vcarried = _split_attributes(v.attrs, TUV_ATTRIBUTES - {"xml:lang"}) if v.attrs else ({}, [])
        parts.append(f'      <tuv xml:lang="{escape_attr(v.lang_tag)}"{_attr_xml(vattrs)}>\n')
        if v.annotations or vcarried:
            parts.append(_notes_xml((*v.annotations, *vcarried), "        "))
        parts.append(f"        <seg>{v.markup_xml}</seg>\n      </tuv>\n")
    parts.append("    </tu>\n")
    xml = "".join(parts)
    bad = _INVALID_XML_CHAR.search(xml)
    if bad:
        raise SilktermError(f"unit {unit.id}: character U+{ord(bad.group()):04X} cannot be written to XML")
    return xml


#: What follows the last ``<tu>`` of a document.
TMX_END = "  </body>\n</tmx>\n"


_STORED_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_UDE_ATTRIBUTES = ("name", "base")
_MAP_ATTRIBUTES = ("unicode", "code", "ent", "subst")


def header_children(fragments: Iterable[str]) -> list[str]:
    """The ``<note>``, ``<prop>`` and ``<ude>`` elements of imported files' headers (``header_xml``)
    as TMX 1.4b XML for an export's header, each once, in order: without namespaces, and with only
    the attributes the DTD allows (notes and props written as a unit's are)."""
    out: dict[str, None] = {}
    for fragment in fragments:
        for child in etree.fromstring(f"<h>{fragment}</h>", _STORED_XML):
            kind = local_name(child.tag) if isinstance(child.tag, str) else None
            if kind in ("note", "prop"):
                out[_notes_xml([_annotation_of(child, kind)], "").rstrip("\n")] = None
            elif kind == "ude":
                maps = "".join(f"<map{_attr_xml(_allowed(m, _MAP_ATTRIBUTES))}/>" for m in child
                               if isinstance(m.tag, str) and local_name(m.tag) == "map")
                out[f"<ude{_attr_xml(_allowed(child, _UDE_ATTRIBUTES))}>{maps}</ude>"] = None
    return list(out)


def _allowed(el: etree._Element, names: Iterable[str]) -> dict[str, str]:
    attrs = _attributes(el)
    return {k: attrs[k] for k in names if k in attrs}


def tmx_start(srclang: str, tool_version: str, header: Sequence[str] = ()) -> str:
    """Everything of a TMX 1.4b document before its first ``<tu>``: declarations, header (with the
    ``header`` elements of :func:`header_children`), ``<body>``."""
    attrs = {"creationtool": "silkterm", "creationtoolversion": tool_version, "segtype": "sentence",
             "o-tmf": "silkterm", "adminlang": "en", "srclang": srclang, "datatype": "unknown"}
    start = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n'
    if not header:
        return start + f"  <header{_attr_xml(attrs)}/>\n  <body>\n"
    children = "".join(f"    {xml}\n" for xml in header)
    return start + f"  <header{_attr_xml(attrs)}>\n{children}  </header>\n  <body>\n"


def write_tmx(out: TextIO, units: Iterable[UnitRecord], *, srclang: str, tool_version: str,
              header: Sequence[str] = ()) -> int:
    """Write a TMX 1.4b document of ``units`` to a text stream; returns the number of units written."""
    out.write(tmx_start(srclang, tool_version, header))
    count, pending = 0, []
    for unit in units:
        pending.append(unit_xml(unit))
        count += 1
        if len(pending) >= 1000:
            out.write("".join(pending))
            pending.clear()
    out.write("".join(pending))
    out.write(TMX_END)
    return count
