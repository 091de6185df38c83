"""The stored form of inline markup: TMX 1.4b content markup (``bpt ept ph it hi ut sub``) as XML.

A segment is kept twice: as plain text (what matching and search see: inline codes left out, the
text of ``hi`` kept) and, when it has inline elements, as the XML of the ``<seg>`` content, so an
export reproduces the codes exactly. Only elements and attributes the TMX 1.4b DTD allows, where
it allows them, are accepted, so every export stays valid.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from lxml import etree

from glossary.errors import ValidationError

TMX_NS = "http://www.lisa.org/tmx14"
#: Inline elements and their allowed attributes (TMX 1.4b DTD).
ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "bpt": ("i", "x", "type"), "ept": ("i",), "ph": ("x", "assoc", "type"), "it": ("pos", "x", "type"),
    "hi": ("x", "type"), "ut": ("x",), "sub": ("datatype", "type"),
}
REQUIRED: dict[str, tuple[str, ...]] = {"bpt": ("i",), "ept": ("i",), "it": ("pos",)}
_CODES = ("bpt", "ept", "ph", "it", "ut")
#: Which inline elements each element may contain.
CHILDREN: dict[str, frozenset[str]] = {
    "seg": frozenset({*_CODES, "hi"}), "hi": frozenset({*_CODES, "hi"}), "sub": frozenset({*_CODES, "hi"}),
    **{code: frozenset({"sub"}) for code in _CODES},
}
#: Codes whose content is native markup, not text.
CODES = frozenset(_CODES)
_NEEDS_TEXT_ESCAPE = re.compile(r"[&<>\r]")
_NEEDS_ATTR_ESCAPE = re.compile(r'[&<>"\t\n\r]')
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_ELEMENT = re.compile(r"<\s*(bpt|ept|ph|it|hi|ut|sub)\b")


class MarkupError(ValidationError):
    """Inline markup that the TMX 1.4b DTD does not allow; ``line`` is where, when known."""

    def __init__(self, line: int | None, detail: str) -> None:
        self.line, self.detail = line, detail
        super().__init__(detail)


def escape_text(text: str) -> str:
    """Escape text content for XML (``&``, ``<``, ``>``, and CR, which parsing would turn into LF)."""
    if not _NEEDS_TEXT_ESCAPE.search(text):
        return text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def escape_attr(value: str) -> str:
    """Escape an attribute value for a double-quoted XML attribute, keeping tabs and newlines."""
    if not _NEEDS_ATTR_ESCAPE.search(value):
        return value
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return value.replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")


def local_name(tag: object) -> str | None:
    """The TMX name of an element tag (no namespace or the TMX namespace); None for anything else."""
    if not isinstance(tag, str):
        return None
    if tag.startswith("{"):
        ns, _, name = tag[1:].partition("}")
        return name if ns == TMX_NS else None
    return tag


@dataclass
class _Walk:
    markup: list[str]
    plain: list[str]
    tags: list[str]


def read_content(seg: etree._Element) -> tuple[str, str | None]:
    """(plain text, markup) of a ``<seg>``; markup is None when the segment has no inline elements.

    Raises :class:`MarkupError` for elements, attributes or entity references the DTD does not allow.
    """
    if len(seg) == 0:
        return seg.text or "", None
    walk = _Walk([], [], [])
    _content(seg, "seg", walk, in_code=False)
    return "".join(walk.plain), "".join(walk.markup)


def _content(el: etree._Element, name: str, walk: _Walk, in_code: bool) -> None:
    if el.text:
        walk.markup.append(escape_text(el.text))
        if not in_code:
            walk.plain.append(el.text)
    for child in el:
        if isinstance(child, etree._Entity):
            raise MarkupError(child.sourceline, f"entity reference {child.text} is not allowed")
        if not isinstance(child, etree._Comment | etree._ProcessingInstruction):  # both dropped, tails kept
            _element(child, name, walk, in_code)
        if child.tail:
            walk.markup.append(escape_text(child.tail))
            if not in_code:
                walk.plain.append(child.tail)


def _element(el: etree._Element, parent: str, walk: _Walk, in_code: bool) -> None:
    name = local_name(el.tag)
    if name not in CHILDREN.get(parent, ()):
        shown = name or etree.QName(el).localname
        raise MarkupError(el.sourceline, f"<{shown}> is not allowed inside <{parent}>")
    allowed = ATTRIBUTES[name]
    attrs = []
    for key, value in el.attrib.items():
        if key not in allowed:
            raise MarkupError(el.sourceline, f"attribute {key!r} is not allowed on <{name}>")
        attrs.append(f' {key}="{escape_attr(value)}"')
    missing = [a for a in REQUIRED.get(name, ()) if a not in el.attrib]
    if missing:
        raise MarkupError(el.sourceline, f"<{name}> lacks the required attribute {missing[0]!r}")
    if name == "it" and el.get("pos") not in ("begin", "end"):
        raise MarkupError(el.sourceline, f"<it pos={el.get('pos')!r}>: pos must be begin or end")
    walk.tags.append(name)
    open_tag = f"<{name}{''.join(attrs)}"
    if el.text is None and len(el) == 0:
        walk.markup.append(open_tag + "/>")
        return
    walk.markup.append(open_tag + ">")
    _content(el, name, walk, in_code or name in CODES or name == "sub")
    walk.markup.append(f"</{name}>")


def parse_markup(markup: str) -> tuple[str, tuple[str, ...]]:
    """(plain text, inline element names in order) of stored or typed segment markup.

    Raises :class:`MarkupError` when it is not well-formed or uses markup the DTD does not allow.
    """
    if "<" not in markup and "&" not in markup:
        return markup, ()
    try:
        seg = etree.fromstring(f"<seg>{markup}</seg>".encode(), _PARSER)
    except etree.XMLSyntaxError as exc:
        raise MarkupError(None, f"not well-formed inline markup: {exc.msg}") from None
    walk = _Walk([], [], [])
    _content(seg, "seg", walk, in_code=False)
    return "".join(walk.plain), tuple(walk.tags)


def tag_counts(tags: tuple[str, ...]) -> Counter[str]:
    """Inline codes counted for comparison: a ``bpt``/``ept`` pair is one code, ``sub`` is content."""
    return Counter(t for t in tags if t not in ("ept", "sub"))


def has_markup(text: str) -> bool:
    """Whether typed text contains TMX inline elements."""
    return bool(_ELEMENT.search(text))
