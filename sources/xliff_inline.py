"""XLIFF inline codes as TMX 1.4b markup, losslessly.

XLIFF's inline elements (1.2: ``g x bx ex ph bpt ept it mrk sub``; 2.0: ``pc ph sc ec mrk sm em``)
do not map one to one onto TMX's, so each is stored the way TMX stores any native code: the XLIFF
element itself, as escaped text, is the content of a TMX code element. A paired element with
translatable content (``g``, ``pc``, ``mrk``) becomes ``<bpt i="N" type="x-xliff-g">`` holding its
start tag, its content as ordinary segment content, and ``<ept i="N">`` holding its end tag; any
other element (and an empty ``g``) becomes ``<ph type="x-xliff-NAME">`` holding the whole element.

So the plain text (what matching sees) is the translatable text only, every TMX export is DTD-valid,
and :func:`xliff_content` gives back the XLIFF content exactly (namespace declarations aside).
Translatable text inside a 1.2 ``sub`` is part of its code and is not seen by matching.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from tm.markup import escape_attr, escape_text

XML_NS = "http://www.w3.org/XML/1998/namespace"
#: Inline elements whose content is translatable text, kept as segment content between bpt/ept.
PAIRED = frozenset({"g", "pc", "mrk"})
TYPE_PREFIX = "x-xliff-"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def qualified_name(el: etree._Element, key: str, xliff_ns: str | None) -> str:
    """An element or attribute name as written: ``prefix:local`` or, in the default namespace, ``local``."""
    if not key.startswith("{"):
        return key
    ns, _, local = key[1:].partition("}")
    if ns == XML_NS:
        return f"xml:{local}"
    if key == el.tag:  # the element itself: as its prefix was written
        return f"{el.prefix}:{local}" if el.prefix else local
    if ns == xliff_ns:
        return local
    prefix = next((p for p, uri in el.nsmap.items() if uri == ns and p), None)
    return f"{prefix}:{local}" if prefix else key


def attributes(el: etree._Element, xliff_ns: str | None) -> dict[str, str]:
    """The element's attributes under their written names."""
    return {qualified_name(el, k, xliff_ns): v for k, v in el.attrib.items()}


def start_tag(el: etree._Element, xliff_ns: str | None, empty: bool = False) -> str:
    """``<name attr="value">`` (``/>`` when ``empty``) as XML text."""
    name = qualified_name(el, el.tag, xliff_ns)
    attrs = "".join(f' {k}="{escape_attr(v)}"' for k, v in attributes(el, xliff_ns).items())
    return f"<{name}{attrs}{'/>' if empty else '>'}"


def element_xml(el: etree._Element, xliff_ns: str | None) -> str:
    """The element and its content as XML text (comments and processing instructions dropped)."""
    name = qualified_name(el, el.tag, xliff_ns)
    if el.text is None and len(el) == 0:
        return start_tag(el, xliff_ns, empty=True)
    parts = [start_tag(el, xliff_ns), escape_text(el.text or "")]
    for child in el:
        if isinstance(child.tag, str):
            parts.append(element_xml(child, xliff_ns))
        parts.append(escape_text(child.tail or ""))
    parts.append(f"</{name}>")
    return "".join(parts)


@dataclass
class _Walk:
    xliff_ns: str | None
    markup: list[str] = field(default_factory=list)
    plain: list[str] = field(default_factory=list)
    codes: int = 0
    pairs: int = 0


def read_inline(el: etree._Element, xliff_ns: str | None) -> tuple[str, str | None]:
    """(plain text, TMX markup or None when there are no inline elements) of a source or target."""
    if not any(isinstance(c.tag, str) for c in el):
        return "".join(el.itertext()), None
    walk = _Walk(xliff_ns)
    _content(el, walk)
    return "".join(walk.plain), ("".join(walk.markup) if walk.codes else None)


def _text(walk: _Walk, text: str | None) -> None:
    if text:
        walk.plain.append(text)
        walk.markup.append(escape_text(text))


def _content(el: etree._Element, walk: _Walk) -> None:
    _text(walk, el.text)
    for child in el:
        if isinstance(child.tag, str):
            _inline(child, walk)
        _text(walk, child.tail)


def _inline(el: etree._Element, walk: _Walk) -> None:
    name = etree.QName(el).localname
    code_type = escape_attr(TYPE_PREFIX + name)
    walk.codes += 1
    if name in PAIRED and (el.text is not None or len(el)):
        walk.pairs += 1
        i = walk.pairs
        end = f"</{qualified_name(el, el.tag, walk.xliff_ns)}>"
        walk.markup.append(f'<bpt i="{i}" type="{code_type}">{escape_text(start_tag(el, walk.xliff_ns))}</bpt>')
        _content(el, walk)
        walk.markup.append(f'<ept i="{i}">{escape_text(end)}</ept>')
        return
    walk.markup.append(f'<ph type="{code_type}">{escape_text(element_xml(el, walk.xliff_ns))}</ph>')


def xliff_content(markup: str) -> str:
    """The XLIFF content (text and inline elements as XML) stored as TMX ``markup`` by :func:`read_inline`."""
    if "<" not in markup:
        return markup
    seg = etree.fromstring(f"<seg>{markup}</seg>".encode(), _PARSER)
    parts = [escape_text(seg.text or "")]
    for child in seg:
        if (child.get("type") or "").startswith(TYPE_PREFIX) or child.tag == "ept":
            parts.append(child.text or "")
        else:  # not written by read_inline: keep it as TMX markup
            parts.append(etree.tostring(child, encoding="unicode", with_tail=False))
        parts.append(escape_text(child.tail or ""))
    return "".join(parts)
