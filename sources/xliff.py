"""XLIFF 1.x (1.0–1.2) and 2.0 import into the TM, streaming and safe like :mod:`sources.tmx`.

The version comes from the root's namespace (``urn:oasis:names:tc:xliff:document:2.0`` is 2.0; a 1.x
namespace or none is 1.x). Languages: ``source-language``/``target-language`` of each ``<file>``
(1.x), ``srcLang``/``trgLang`` of ``<xliff>`` (2.0); an ``xml:lang`` on a ``source``/``target`` wins.

One unit per ``trans-unit`` (1.x) and per ``segment`` of a ``unit`` (2.0; segments are the
sentences a TM matches, and the unit's notes and metadata go with each of them; ``ignorable``
whitespace between segments is not kept). What else a unit holds is kept:

- ids: ``id`` → ``tuid``; a 2.0 segment's ``id`` → attribute ``segment``; the file's ``original``
  → attribute ``original``;
- the unit's other attributes (``approved``, ``translate``, ``resname``, ``name``, …) as unit
  attributes; the ``source``/``target`` attributes (``state``, ``state-qualifier``, 2.0 segment
  ``state``/``subState``) as variant attributes;
- notes: a ``<note>`` with no attribute but ``xml:lang`` is a note; one with others (``from``,
  ``priority``, ``category``, ``appliesTo``…) is a prop ``x-xliff-note;from=developer;…``;
- everything else in a unit (``alt-trans``, ``seg-source``, ``context-group``, 2.0
  ``originalData``, ``mda:metadata``…) as a prop ``x-xliff:NAME`` holding its XML;
- inline codes as described in :mod:`sources.xliff_inline`.

A target without a language (no ``target-language``, no ``xml:lang``) takes the language the file
name gives (``messages.fr.xlf``), else ``und`` (BCP 47 "undetermined").
An empty or missing ``<target>`` means no translation: the unit keeps its source only. Notes and
metadata on ``<file>``, ``<group>`` and ``<header>`` are not kept (the first file's attributes
are the origin's header).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from urllib.parse import quote

from lxml import etree

from glossary import languages
from glossary.errors import ValidationError
from sources.po import UNKNOWN, language_from_path
from sources.unit_reader import FileUnitReader
from sources.xliff_inline import XML_NS, attributes, element_xml, qualified_name, read_inline
from sources.xmlsafe import XmlStream, iterparse, root_element, syntax_error
from tm.records import Annotation, UnitDraft, VariantDraft

XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF1_PREFIX = "urn:oasis:names:tc:xliff:document:1."
NOTE_PROP = "x-xliff-note"
ELEMENT_PROP = "x-xliff:"
_OTHER_FORMATS = {"tbx": "a TBX file", "martif": "a TBX file", "tmx": "a TMX file",
                  "TS": "a Qt Linguist TS file (export XLIFF or PO from Qt Linguist to import it)"}


class XliffReader(FileUnitReader):
    """Reads the units of one XLIFF file; ``header`` is set once the first ``<file>`` is read."""

    def __init__(self, path: Path, progress: Callable[[int], None] | None = None) -> None:
        super().__init__(path, progress)
        self.version = "1"
        self.ns: str | None = None
        self._root: dict[str, str] = {}
        self._file: dict[str, str] = {}

    def units(self) -> Iterator[UnitDraft]:
        """Every translation unit (2.0: every segment) as a draft, in file order.

        Raises :class:`SourceFormatError` (file, line, reason) for anything malformed or hostile.
        """
        with XmlStream(self.path, self.progress) as stream:
            root, ns, line = root_element(stream.head, self.name)
            if root is None:
                raise self._error(line, "not an XLIFF file (no XML root element)")
            if root != "xliff":
                kind = _OTHER_FORMATS.get(root) or _OTHER_FORMATS.get(root.lower()) or \
                    f"an XML file with root <{root}>"
                raise self._error(line, f"this is {kind}, not XLIFF")
            if ns == XLIFF2_NS:
                self.version, self.ns = "2", ns
            elif ns is None or ns == "" or ns.startswith(XLIFF1_PREFIX):
                self.version, self.ns = "1", ns or None
            else:
                raise self._error(line, f"unknown XLIFF namespace {ns!r}")
            unit_tag = "unit" if self.version == "2" else "trans-unit"
            tags = [self._tag(t) for t in ("xliff", "file", unit_tag)]
            events = iterparse(stream, events=("start", "end"), tag=tags)
            try:
                yield from self._walk(events)
            except etree.XMLSyntaxError as exc:
                raise syntax_error(self.name, exc) from None

    def _tag(self, local: str) -> str:
        return f"{{{self.ns}}}{local}" if self.ns else local

    def _walk(self, events: Iterable[tuple[str, etree._Element]]) -> Iterator[UnitDraft]:
        for event, el in events:
            local = el.tag.rpartition("}")[2]
            if event == "start":
                if local == "xliff":
                    self._check_document(el)
                    self._root = attributes(el, self.ns)
                elif local == "file":
                    self._file = attributes(el, self.ns)
                    if self.header is None:
                        self.header = {**self._root, **{f"file:{k}": v for k, v in self._file.items()}}
                continue
            if local == "xliff":
                continue
            if local != "file":
                yield from (self._unit2(el) if self.version == "2" else (self._unit1(el),))
            el.clear(keep_tail=False)
            parent = el.getparent()
            if parent is not None:
                while el.getprevious() is not None:
                    del parent[0]

    def _check_document(self, el: etree._Element) -> None:
        dtd = el.getroottree().docinfo.internalDTD
        if dtd is not None and any(True for _ in dtd.iterentities()):
            raise self._error(1, "entity declarations are not accepted")

    # ---- languages ----------------------------------------------------------------------------------

    def _language(self, el: etree._Element, default: str | None, what: str) -> tuple[str, str]:
        tag = (el.get(f"{{{XML_NS}}}lang") or default or "").strip()
        if not tag and what == "target":
            return self._guessed
        if not tag:
            raise self._error(el.sourceline, f"<{etree.QName(el).localname}> without a language "
                                             f"({self._missing(what)})")
        try:
            return languages.canonical(tag), tag
        except ValidationError as exc:
            raise self._error(el.sourceline, str(exc)) from None

    def _missing(self, what: str) -> str:
        if self.version == "2":
            return "no srcLang on <xliff>" if what == "source" else "no trgLang on <xliff>"
        return f"no {what}-language on <file>"

    @property
    def _guessed(self) -> tuple[str, str]:
        """The target language the file name gives, else ``und``."""
        return language_from_path(self.path) or (UNKNOWN, UNKNOWN)

    def _variant(self, el: etree._Element, default: str | None, what: str,
                 extra: dict[str, str] | None = None) -> VariantDraft:
        lang, tag = self._language(el, default, what)
        attrs = {k: v for k, v in attributes(el, self.ns).items() if k != "xml:lang"}
        attrs.update(extra or {})
        text, markup = read_inline(el, self.ns)
        return VariantDraft(lang, tag, text, markup, attrs=attrs)

    # ---- 1.x ----------------------------------------------------------------------------------------

    def _unit1(self, tu: etree._Element) -> UnitDraft:
        attrs = attributes(tu, self.ns)
        unit_attrs = {"tuid": attrs.pop("id")} if "id" in attrs else {}
        unit_attrs.update(attrs)
        source = target = None
        notes: list[Annotation] = []
        for child in tu:
            local = self._local(child)
            if local == "source" and source is None:
                source = self._variant(child, self._file.get("source-language"), "source")
            elif local == "target" and target is None:
                if child.text or len(child):
                    target = self._variant(child, self._file.get("target-language"), "target")
            elif local == "note":
                notes.append(self._note(child))
            else:
                notes.append(Annotation("prop", element_xml(child, self.ns), ELEMENT_PROP + _name(child, self.ns)))
        if source is None:
            raise self._error(tu.sourceline, "<trans-unit> without <source>")
        return self._draft(tu, source, target, unit_attrs, notes)

    def _draft(self, el: etree._Element, source: VariantDraft, target: VariantDraft | None,
               attrs: dict[str, str], notes: list[Annotation]) -> UnitDraft:
        attrs = {"srclang": source.lang_tag, **attrs}
        if self._file.get("original"):
            attrs.setdefault("original", self._file["original"])
        variants = (source,) if target is None else (source, target)
        return UnitDraft(variants=variants, attrs=attrs, annotations=tuple(notes), line=el.sourceline)

    def _local(self, el: etree._Element) -> str | None:
        """The local name of an XLIFF element; None for another namespace's."""
        tag = el.tag
        if not isinstance(tag, str):
            return None
        if self.ns is None:
            return None if tag.startswith("{") else tag
        prefix = f"{{{self.ns}}}"
        return tag[len(prefix):] if tag.startswith(prefix) else None

    def _note(self, el: etree._Element) -> Annotation:
        attrs = attributes(el, self.ns)
        text = "".join(el.itertext())
        lang = {"xml:lang": attrs.pop("xml:lang")} if "xml:lang" in attrs else {}
        if not attrs:
            return Annotation("note", text, None, lang)
        encoded = "".join(f";{k}={quote(v, safe='')}" for k, v in attrs.items())
        return Annotation("prop", text, NOTE_PROP + encoded, lang)

    # ---- 2.0 ----------------------------------------------------------------------------------------

    def _unit2(self, unit: etree._Element) -> Iterator[UnitDraft]:
        attrs = attributes(unit, self.ns)
        unit_attrs = {"tuid": attrs.pop("id")} if "id" in attrs else {}
        unit_attrs.update(attrs)
        notes: list[Annotation] = []
        segments = []
        for child in unit:
            local = self._local(child)
            if local == "notes":
                notes.extend(self._note(n) for n in child if self._local(n) == "note")
            elif local == "segment":
                segments.append(child)
            elif local == "ignorable":
                continue
            else:
                notes.append(Annotation("prop", element_xml(child, self.ns), ELEMENT_PROP + _name(child, self.ns)))
        for segment in segments:
            yield self._segment(segment, unit_attrs, notes)

    def _segment(self, segment: etree._Element, unit_attrs: dict[str, str], notes: list[Annotation]) -> UnitDraft:
        seg_attrs = attributes(segment, self.ns)
        attrs = dict(unit_attrs)
        if "id" in seg_attrs:
            attrs["segment"] = seg_attrs.pop("id")
        source = target = None
        for child in segment:
            local = self._local(child)
            if local == "source" and source is None:
                source = self._variant(child, self._root.get("srcLang"), "source")
            elif local == "target" and target is None and (child.text or len(child)):
                target = self._variant(child, self._root.get("trgLang"), "target", seg_attrs)
        if source is None:
            raise self._error(segment.sourceline, "<segment> without <source>")
        if target is None:
            attrs.update(seg_attrs)
        return self._draft(segment, source, target, attrs, list(notes))


def _name(el: etree._Element, ns: str | None) -> str:
    return qualified_name(el, el.tag, ns)
