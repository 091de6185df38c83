"""TMX export straight from the database: SQLite renders the XML, Python only joins bytes.

One ``UNION ALL`` query, ordered by (unit id, part, position), returns the fragments of the document
in output order: each unit's ``<tu>`` start tag (preceded by the end tag of the unit before), its
notes and props, the props carrying its other attributes, its variants. SQLite merges the ordered
streams itself (``MERGE (UNION ALL)`` over the unit-id indexes), so the TM is read once, with no
per-batch queries and no records. A row is ``(unit id, part, position, before, text, after)``:
``text`` is a segment's or note's plain text, not escaped yet, ``before`` and ``after`` are finished
XML (attributes from the columns and the ``attrs`` JSON escaped by the SQL). Python checks the text
of a whole chunk at once and escapes only where it holds ``& < > CR``; the values are UTF-8 bytes as
stored (``CAST AS BLOB``), never decoded and encoded again.

A variant's notes belong inside its ``<tuv>``, which this row order cannot place: such a note comes
with a NULL ``before`` and its unit is rendered from records by :func:`sources.tmx.unit_xml`. That
function stays the reference: the output is byte for byte what :func:`sources.tmx.write_tmx` writes
for :func:`tm.units.iter_units` (tests/test_sources/test_tmx_export.py).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from itertools import chain
from operator import itemgetter
from typing import Any, BinaryIO

from sqlalchemy.orm import Session

from glossary.errors import SilktermError
from sources.tmx import (
    NOTE_ATTRIBUTES,
    RESERVED_PROP,
    SEGTYPES,
    TMX_END,
    TU_ATTRIBUTES,
    TUV_ATTRIBUTES,
    tmx_start,
    unit_xml,
)
from tm.markup import escape_text
from tm.records import UNIT_COLUMNS, VARIANT_COLUMNS
from tm.units import load_units

#: Rows fetched per chunk (a few thousand units, about a megabyte of XML).
CHUNK_ROWS = 8000
_HEAD, _NOTE, _VARIANT = 0, 1, 2
CLOSE_TU = "    </tu>\n"
_ROW_PARTS = itemgetter(3, 4, 5)
_TEXT = itemgetter(4)
_PART = itemgetter(1)
#: Control characters XML 1.0 does not allow; U+FFFE and U+FFFF are checked as their UTF-8 bytes.
_CONTROL = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_NONCHARACTER = re.compile(b"\xef\xbf[\xbe\xbf]")


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _cat(*parts: str) -> str:
    return " || ".join(parts)


def _blob(expr: str) -> str:
    return f"CAST({expr} AS BLOB)"  # UTF-8 bytes as stored: no decoding to str and encoding back


def _escape_sql(expr: str, pairs: Sequence[tuple[str, str]]) -> str:
    """SQL replacing each (SQL char, entity) in ``expr``, in order; replace() copies, so only when needed."""
    replaced = expr
    for char, entity in pairs:
        replaced = f"replace({replaced}, {char}, {entity})"
    test = " OR ".join(f"instr({expr}, {char})" for char, _ in pairs)
    return f"CASE WHEN {test} THEN {replaced} ELSE {expr} END"


def _escape_attr_sql(expr: str) -> str:
    """SQL for :func:`tm.markup.escape_attr` of ``expr``."""
    return _escape_sql(expr, [("'&'", "'&amp;'"), ("'<'", "'&lt;'"), ("'>'", "'&gt;'"), ("'\"'", "'&quot;'"),
                              ("char(9)", "'&#9;'"), ("char(10)", "'&#10;'"), ("char(13)", "'&#13;'")])


def _escape_text_sql(expr: str) -> str:
    """SQL for :func:`tm.markup.escape_text` of ``expr``."""
    return _escape_sql(expr, [("'&'", "'&amp;'"), ("'<'", "'&lt;'"), ("'>'", "'&gt;'"), ("char(13)", "'&#13;'")])


_Q, _NL = '"', "\n"
_SEGTYPE_OK = f"IN ({', '.join(_lit(s) for s in SEGTYPES)})"


def _allowed_sql(name: str, value: str, allowed: frozenset[str]) -> str:
    """SQL: whether ``sources.tmx._split_attributes`` writes this attribute as an attribute (else a prop)."""
    names = ", ".join(_lit(k) for k in sorted(allowed))
    return f"({name} IN ({names}) AND ({name} != 'segtype' OR {value} {_SEGTYPE_OK}))"


def _attribute_sql(name: str, value: str) -> str:
    return _cat(_lit(" "), name, _lit("=" + _Q), _escape_attr_sql(value), _lit(_Q))


def _carried_sql(name: str, value: str, indent: str) -> str:
    return _cat(_lit(f'{indent}<prop type="{RESERVED_PROP}'), _escape_attr_sql(name), _lit('">'),
                _escape_text_sql(value), _lit("</prop>" + _NL))


def _each_json(expr: str, where: str) -> str:
    """SQL joining ``expr`` over the keys of the row's ``attrs`` JSON (in document order) that pass ``where``."""
    return (f"CASE WHEN attrs IS NULL THEN '' ELSE "
            f"coalesce((SELECT group_concat({expr}, '') FROM json_each(attrs) WHERE {where}), '') END")


def _column_kept(column: str, allowed: frozenset[str]) -> str:
    """SQL: whether ``_split_attributes`` keeps this non-NULL column as an attribute (decided here when it can)."""
    if column not in allowed:
        return "0"
    return f"{column} {_SEGTYPE_OK}" if column == "segtype" else "1"


def _column_attributes_sql(columns: Sequence[str], allowed: frozenset[str]) -> str:
    """SQL for `` NAME="VALUE"`` of the non-NULL columns that ``_split_attributes`` keeps, in column order."""
    each = []
    for c in columns:
        kept = _column_kept(c, allowed)
        if kept != "0":
            test = f"{c} IS NULL" if kept == "1" else f"{c} IS NULL OR NOT {kept}"
            each.append(f"CASE WHEN {test} THEN '' ELSE {_cat(_lit(f' {c}=' + _Q), _escape_attr_sql(c), _lit(_Q))} END")
    return f"CASE WHEN coalesce({', '.join(columns)}) IS NULL THEN '' ELSE {_cat(*each)} END"


def _attributes_sql(columns: Sequence[str], allowed: frozenset[str]) -> str:
    """SQL for the attributes of a row as ``sources.tmx._attr_xml`` writes what ``_split_attributes`` keeps:
    the non-NULL columns in order, then the allowed keys of the ``attrs`` JSON."""
    return _cat(_column_attributes_sql(columns, allowed),
                _each_json(_attribute_sql("key", "value"), _allowed_sql("key", "value", allowed)))


def _carried_props_sql(columns: Sequence[str], allowed: frozenset[str], indent: str) -> str:
    """SQL for the ``x-silkterm-attr:NAME`` props of what ``_split_attributes`` does not keep as attributes."""
    each = []
    for c in columns:
        kept = _column_kept(c, allowed)
        if kept != "1":
            test = f"{c} IS NOT NULL" + ("" if kept == "0" else f" AND NOT {kept}")
            start = _lit(f'{indent}<prop type="{RESERVED_PROP}{c}">')
            each.append(f"CASE WHEN {test} THEN {_cat(start, _escape_text_sql(c), _lit('</prop>' + _NL))} ELSE '' END")
    return _cat(*each, _each_json(_carried_sql("key", "value", indent), f"NOT {_allowed_sql('key', 'value', allowed)}"))


_TUV_ALLOWED = TUV_ATTRIBUTES - {"xml:lang"}
#: Precedes each unit: the end tag of the one before (see write_tmx_from_db), then its start tag.
# Every || copies the string built so far: the common cases (no attrs JSON, a variant without attribute
# columns, a note without attributes) get shorter expressions.
_UNIT_START = _cat(_lit(CLOSE_TU + "    <tu"),
                   f"CASE WHEN attrs IS NULL THEN {_column_attributes_sql(UNIT_COLUMNS, TU_ATTRIBUTES)} "
                   f"ELSE {_attributes_sql(UNIT_COLUMNS, TU_ATTRIBUTES)} END", _lit(">" + _NL))
#: Props carrying the unit's attributes the DTD does not allow, after its notes; only units with JSON
#: attributes or an odd segtype can have any, so only they get such a row (``_UNIT_CARRIES``).
_UNIT_CARRIED = _carried_props_sql(UNIT_COLUMNS, TU_ATTRIBUTES, "      ")
_UNIT_CARRIES = f"attrs IS NOT NULL OR NOT coalesce(segtype {_SEGTYPE_OK}, 1)"
_PROP_TYPE = _cat(_lit(" type=" + _Q), _escape_attr_sql("coalesce(type, " + _lit("") + ")"), _lit(_Q))
_NOTE_ATTRIBUTES = _each_json(_attribute_sql("key", "value"), _allowed_sql("key", "value", NOTE_ATTRIBUTES))
_ANY_TYPE = f"CASE WHEN kind = 'prop' THEN {_PROP_TYPE} ELSE '' END"
_NOTE_START = (f"CASE WHEN attrs IS NULL AND kind = 'prop' THEN {_cat(_lit('      <prop'), _PROP_TYPE, _lit('>'))} "
               f"WHEN attrs IS NULL THEN {_cat(_lit('      <'), 'kind', _lit('>'))} "
               f"ELSE {_cat(_lit('      <'), 'kind', _ANY_TYPE, _NOTE_ATTRIBUTES, _lit('>'))} END")
_NOTE_END = f"CASE kind WHEN 'prop' THEN {_lit('</prop>' + _NL)} ELSE {_cat(_lit('</'), 'kind', _lit('>' + _NL))} END"
#: Canonical tags (``lang``, made by ``glossary.languages.canonical``) never need escaping; a tag as
#: written (``lang_tag``) might.
_TUV_OPEN = _cat(_lit('      <tuv xml:lang="'), f"CASE WHEN lang_tag = lang THEN lang_tag ELSE "
                 f"{_escape_attr_sql('lang_tag')} END")
_SEG_START, _MARKUP = "        <seg>", "coalesce(markup, '')"
_TUV_PLAIN = _cat(_TUV_OPEN, _lit(_Q + ">" + _NL + _SEG_START), _MARKUP)
_TUV_FULL = _cat(_TUV_OPEN, _lit(_Q), _attributes_sql(VARIANT_COLUMNS, _TUV_ALLOWED), _lit(">" + _NL),
                 _carried_props_sql(VARIANT_COLUMNS, _TUV_ALLOWED, "        "), _lit(_SEG_START), _MARKUP)
_TUV_START = (f"CASE WHEN attrs IS NULL AND coalesce({', '.join(VARIANT_COLUMNS)}) IS NULL THEN {_TUV_PLAIN} "
              f"ELSE {_TUV_FULL} END")
_TUV_END = _lit("</seg>" + _NL + "      </tuv>" + _NL)
_LAST = 1 << 62  # after every note


def _query(langs: int) -> str:
    """The fragment query with ``langs`` placeholders for the languages (0: every language)."""
    in_langs = f" AND lang IN ({','.join('?' * langs)})" if langs else ""
    exported = "EXISTS (SELECT 1 FROM tm_variant v WHERE v.unit_id = {}" + in_langs + ")"
    heads = f"SELECT id, {_HEAD}, 0, {_blob(_UNIT_START)}, X'', X'' FROM tm_unit u WHERE {exported.format('u.id')}"
    carried = (f"SELECT id, {_NOTE}, {_LAST}, {_blob(_UNIT_CARRIED)}, X'', X'' FROM tm_unit u "
               f"WHERE ({_UNIT_CARRIES}) AND {exported.format('u.id')}")
    # A variant's notes belong inside its <tuv>: such units are rendered from records (NULL start).
    notes = (f"SELECT unit_id, {_NOTE}, position, CASE WHEN variant_id IS NULL THEN {_blob(_NOTE_START)} END, "
             f"{_blob('text')}, {_blob(_NOTE_END)} "
             f"FROM tm_note n WHERE {exported.format('n.unit_id')}")
    variants = (f"SELECT unit_id, {_VARIANT}, position, {_blob(_TUV_START)}, "
                f"CASE WHEN markup IS NULL THEN {_blob('text')} ELSE X'' END, {_blob(_TUV_END)} "
                f"FROM tm_variant WHERE 1{in_langs}")
    return f"{heads} UNION ALL {carried} UNION ALL {notes} UNION ALL {variants} ORDER BY 1, 2, 3"


def _needs_escape(text: bytes) -> bool:
    return b"&" in text or b"<" in text or b">" in text or b"\r" in text


def _has_invalid_char(xml: bytes) -> bool:
    return len(xml.translate(None, _CONTROL)) != len(xml) or _NONCHARACTER.search(xml) is not None


class _Writer:
    """Renders chunks of fragment rows; units the SQL left to Python are rendered from records."""

    def __init__(self, session: Session, wanted: Collection[str] | None) -> None:
        self.session, self.wanted = session, wanted

    def render(self, rows: list[tuple]) -> bytes:
        """The XML of the rows of whole units, each unit preceded by ``CLOSE_TU``."""
        if not _needs_escape(b"".join(map(_TEXT, rows))):
            try:
                xml = b"".join(chain.from_iterable(map(_ROW_PARTS, rows)))
            except TypeError:  # a NULL fragment: a unit the SQL does not render
                xml = self._render_each(rows)
        else:
            xml = self._render_each(rows)
        if _has_invalid_char(xml):
            self._raise_invalid(rows)
        return xml

    def _render_each(self, rows: list[tuple]) -> bytes:
        from_records = {row[0] for row in rows if row[3] is None}
        records = load_units(self.session, from_records, self.wanted) if from_records else {}
        parts: list[bytes] = []
        for uid, part, _pos, before, text, after in rows:
            if uid in from_records:
                if part == _HEAD:
                    parts.append((CLOSE_TU + unit_xml(records[uid]).removesuffix(CLOSE_TU)).encode("utf-8"))
                continue
            if _needs_escape(text):
                text = escape_text(text.decode("utf-8")).encode("utf-8")
            parts += (before, text, after)
        return b"".join(parts)

    def _raise_invalid(self, rows: list[tuple]) -> None:
        """Raise unit_xml's error for the first unit of ``rows`` with a character XML cannot hold."""
        start = 0
        for end in range(1, len(rows) + 1):
            if end == len(rows) or rows[end][0] != rows[start][0]:
                if _has_invalid_char(self._render_each(rows[start:end])):
                    uid = rows[start][0]
                    unit_xml(load_units(self.session, [uid], self.wanted)[uid])  # raises, naming the character
                    raise SilktermError(f"unit {uid}: a character cannot be written to XML")
                start = end


def _unit_chunks(cursor: Any) -> Iterator[list[tuple]]:
    """The cursor's rows in chunks of whole units (a unit's rows may straddle two fetches)."""
    held: list[tuple] = []
    while fetched := cursor.fetchmany(CHUNK_ROWS):
        rows = held + fetched if held else fetched
        cut = len(rows) - 1
        while cut > 0 and rows[cut - 1][0] == rows[-1][0]:
            cut -= 1
        held = rows[cut:]
        if cut:
            yield rows[:cut]
    if held:
        yield held


def write_tmx_from_db(out: BinaryIO, session: Session, wanted: Collection[str] | None, *, srclang: str,
                      tool_version: str, header: Sequence[str] = ()) -> int:
    """Write a TMX 1.4b document (UTF-8 bytes) of every unit with a variant in ``wanted`` (every language
    when None), each with only those variants, in id order; returns the number of units written.

    Raises SilktermError naming the unit when a segment holds a character XML cannot represent.
    """
    langs = sorted(wanted) if wanted is not None else []
    out.write(tmx_start(srclang, tool_version, header).encode("utf-8"))
    count = 0
    if wanted is None or langs:
        writer = _Writer(session, wanted)
        cursor = session.connection().connection.driver_connection.cursor()  # the session's read transaction
        try:
            cursor.execute(_query(len(langs)), tuple(langs) * 4)
            for rows in _unit_chunks(cursor):
                xml = writer.render(rows)
                # Every unit comes after CLOSE_TU (one arm fewer in the query): drop the first, add the last.
                out.write(xml[len(CLOSE_TU):] if not count else xml)
                count += list(map(_PART, rows)).count(_HEAD)
        finally:
            cursor.close()
    out.write(((CLOSE_TU if count else "") + TMX_END).encode("utf-8"))
    return count
