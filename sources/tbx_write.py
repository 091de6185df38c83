"""TBX export of the termbase: TBX v3, TBX-Basic dialect, DCA style; streamed one
``conceptEntry`` at a time ( ``conceptEntry`` in memory at a time).

Mapping: category → ``subjectField`` (category ``other`` writes none), definition, note and sources
at concept level; each term a ``termSec`` with ``administrativeStatus``, ``termType`` and
``grammaticalGender``; created/modified as ``origination``/``modification`` transacGrps (date and
responsibility). What TBX-Basic has no data category or value for travels in a note that
:mod:`sources.tbx_read` turns back into the field: ``[silkterm status] forbidden`` (written with
``deprecatedTerm-admn-sts``), ``[silkterm type] transliteration`` / ``erroneous`` (with
``variant``), ``[silkterm number] plural``, ``[silkterm subject] …``, ``[silkterm code] …``; an
element kept from an imported file is written as it was where TBX-Basic allows it, else as
``[tbx] {json}``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import IO, Any

from lxml import etree

from sources.tbx_common import (
    STATUS_OUT,
    TBX_NS,
    TERM_NOTES,
    TYPE_OUT,
    XML_LANG,
    basic_allows,
    format_date,
    mark,
    mark_kept,
)

_TERM_COLUMNS = ("status", "type", "number")


def _q(tag: str) -> str:
    return f"{{{TBX_NS}}}{tag}"


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, _q(tag), {k: v for k, v in attrs.items() if v is not None})
    el.text = text
    return el


def _build(parent: etree._Element, item: dict[str, Any]) -> None:
    """Write a kept element back as XML."""
    attrs = {(XML_LANG if k == "xml:lang" else k): v for k, v in item.get("attrs", {}).items()}
    el = etree.SubElement(parent, _q(item["el"]), attrs)
    el.text = item.get("text")
    for child in item.get("children", ()):
        _build(el, child)


def _transaction(parent: etree._Element, kind: str, at: datetime | None, by: str | None) -> None:
    if at is None:
        return
    grp = _sub(parent, "transacGrp")
    _sub(grp, "transac", kind, type="transactionType")
    _sub(grp, "date", format_date(at))
    if by:
        _sub(grp, "transacNote", by, type="responsibility")


def _kept(parent: etree._Element, items: Iterable[dict[str, Any]], level: str) -> None:
    for item in items:
        item = {k: v for k, v in item.items() if k != "lang"}
        if basic_allows(item, level):
            _build(parent, item)
        else:
            _sub(parent, "note", mark_kept(item))


def _marks(parent: etree._Element, attrs: dict[str, Any], skip: tuple[str, ...]) -> None:
    for key, value in attrs.items():
        if key not in skip and isinstance(value, str):
            _sub(parent, "note", mark(key, value))


def concept_entry(concept: dict[str, Any], langs: set[str] | None) -> etree._Element | None:
    """The ``conceptEntry`` of a concept row with its ``terms`` (None when no term is in ``langs``)."""
    terms = [t for t in concept["terms"] if langs is None or t["lang"] in langs]
    if not terms:
        return None
    attrs = concept.get("attrs") or {}
    items = attrs.get("items", [])
    entry = etree.Element(_q("conceptEntry"), id=f"c{concept['id']}", nsmap={None: TBX_NS})
    _transaction(entry, "origination", concept["created_at"], concept["created_by"])
    if concept["category"] != "other":
        _sub(entry, "descrip", concept["category"], type="subjectField")
    if concept.get("definition"):
        _sub(entry, "descrip", concept["definition"], type="definition")
    for source in concept.get("sources") or ():
        _sub(entry, "admin", source, type="source")
    if concept.get("note"):
        _sub(entry, "note", concept["note"])
    for field in ("subject", "code"):
        if concept.get(field):
            _sub(entry, "note", mark(field, concept[field]))
    _marks(entry, attrs, ("items",))
    _kept(entry, (i for i in items if "lang" not in i), "concept")
    groups: dict[str, list[dict[str, Any]]] = {}  # in the order of the terms: a re-import keeps the order
    for term in terms:
        groups.setdefault((term.get("attrs") or {}).get("lang") or term["lang"], []).append(term)
    for item in items:  # kept from a langSec without a term left (its term was empty): a note here
        if "lang" in item and item["lang"] not in groups and (langs is None or item["lang"] in langs):
            _sub(entry, "note", mark_kept(item))
    _transaction(entry, "modification", concept["modified_at"], concept["modified_by"])
    for tag, group in groups.items():
        sec = _sub(entry, "langSec")
        sec.set(XML_LANG, tag)
        _kept(sec, (i for i in items if i.get("lang") == tag), "lang")
        for term in group:
            _term_section(sec, term)
    return entry


def _term_section(parent: etree._Element, term: dict[str, Any]) -> None:
    attrs = term.get("attrs") or {}
    items = attrs.get("items", [])
    sec = _sub(parent, "termSec")
    if "term" in attrs:
        _build(sec, attrs["term"])
    else:
        _sub(sec, "term", term["text"])
    status = attrs.get("status") if attrs.get("status") in STATUS_OUT else term["status"]
    _sub(sec, "termNote", STATUS_OUT[status], type="administrativeStatus")
    _sub(sec, "termNote", TYPE_OUT[term["type"]], type="termType")
    if term.get("gender"):
        _sub(sec, "termNote", term["gender"], type="grammaticalGender")
    _kept(sec, (i for i in items if i["el"] in TERM_NOTES), "term")
    _transaction(sec, "origination", term["created_at"], term["created_by"])
    if term.get("note"):
        _sub(sec, "note", term["note"])
    if term.get("source"):
        _sub(sec, "admin", term["source"], type="source")
    if status == "forbidden" or term["status"] == "forbidden":
        _sub(sec, "note", mark("status", "forbidden"))
    if TYPE_OUT[term["type"]] == "variant" and term["type"] != "variant":
        _sub(sec, "note", mark("type", term["type"]))
    if term.get("number"):
        _sub(sec, "note", mark("number", term["number"]))
    _marks(sec, attrs, ("items", "status", "lang", "term", *_TERM_COLUMNS))
    _kept(sec, (i for i in items if i["el"] not in TERM_NOTES), "term")
    _transaction(sec, "modification", term["modified_at"], term["modified_by"])


def write_tbx(out: IO[bytes], concepts: Iterable[dict[str, Any]], *, langs: set[str] | None = None,
              source: str = "silkterm") -> int:
    """Write concept rows (each with its ``terms``) as a TBX-Basic v3 file; returns concepts written."""
    header = etree.Element(_q("tbxHeader"), nsmap={None: TBX_NS})
    _sub(_sub(_sub(header, "fileDesc"), "sourceDesc"), "p", f"exported by {source}")
    out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n'
              b'<tbx xmlns="' + TBX_NS.encode() + b'" type="TBX-Basic" style="dca" xml:lang="en">\n')
    out.write(etree.tostring(header, encoding="utf-8") + b"\n<text>\n<body>\n")
    count = 0
    for concept in concepts:
        entry = concept_entry(concept, langs)
        if entry is not None:
            out.write(etree.tostring(entry, encoding="utf-8", pretty_print=True))
            count += 1
    out.write(b"</body>\n</text>\n</tbx>\n")
    return count


#: TBX v3 element → its TBX v2 (``martif``) name; the rest are named alike.
V2_NAMES = {"tbx": "martif", "tbxHeader": "martifHeader", "conceptEntry": "termEntry", "langSec": "langSet",
            "termSec": "tig"}


def _as_v2(entry: etree._Element) -> etree._Element:
    """A v3 entry renamed to TBX v2 (no namespace), in place."""
    for el in entry.iter():
        local = etree.QName(el).localname
        el.tag = V2_NAMES.get(local, local)
    etree.cleanup_namespaces(entry)
    return entry


def write_tbx2(out: IO[bytes], concepts: Iterable[dict[str, Any]], *, langs: set[str] | None = None,
               source: str = "silkterm") -> int:
    """Write concept rows as TBX v2 (``martif``, ISO 30042:2008; what translate-toolkit and older CAT tools
    read): the same content and notes as :func:`write_tbx`; returns concepts written."""
    header = _as_v2(etree.Element(_q("tbxHeader"), nsmap={None: TBX_NS}))
    etree.SubElement(etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc"), "p").text = \
        f"exported by {source}"
    out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">\n'
              b'<martif type="TBX-Basic" xml:lang="en">\n')
    out.write(etree.tostring(header, encoding="utf-8") + b"\n<text>\n<body>\n")
    count = 0
    for concept in concepts:
        entry = concept_entry(concept, langs)
        if entry is not None:
            out.write(etree.tostring(_as_v2(entry), encoding="utf-8", pretty_print=True))
            count += 1
    out.write(b"</body>\n</text>\n</martif>\n")
    return count
