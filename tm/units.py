"""Reading stored units back as frozen records: by id, or all of them in id order for export."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from glossary import languages
from tm.records import UNIT_COLUMNS, VARIANT_COLUMNS, Annotation, UnitRecord, VariantRecord

_UNIT_COLS = f"id, origin_id, {', '.join(UNIT_COLUMNS)}, attrs"
_VARIANT_COLS = f"id, unit_id, lang, lang_tag, text, markup, {', '.join(VARIANT_COLUMNS)}, attrs"
_NOTE_COLS = "unit_id, variant_id, kind, type, text, attrs"
_IN_CHUNK = 900


def _attrs(columns: Sequence[str], values: Sequence[Any], extra: str | None) -> dict[str, str]:
    out = {} if values.count(None) == len(values) else {
        c: v for c, v in zip(columns, values, strict=True) if v is not None}
    if extra:
        out.update(json.loads(extra))
    return out


def _build(conn: Connection, unit_rows: list[tuple], variant_where: str, params: tuple,
           wanted: Collection[str] | None) -> list[UnitRecord]:
    """Records of the given unit rows; variants and notes are read with one query each."""
    variants: dict[int, list[VariantRecord]] = defaultdict(list)
    notes: dict[tuple[int, int | None], list[Annotation]] = defaultdict(list)
    for unit_id, variant_id, kind, type_, text, attrs in conn.exec_driver_sql(
            f"SELECT {_NOTE_COLS} FROM tm_note WHERE {variant_where} ORDER BY variant_id, position", params).all():
        notes[(unit_id, variant_id)].append(Annotation(kind, text, type_, json.loads(attrs) if attrs else {}))
    n = len(VARIANT_COLUMNS)
    for row in conn.exec_driver_sql(
            f"SELECT {_VARIANT_COLS} FROM tm_variant WHERE {variant_where} ORDER BY unit_id, position", params).all():
        vid, unit_id, lang, lang_tag, text, markup = row[:6]
        if wanted is not None and lang not in wanted:
            continue
        variants[unit_id].append(VariantRecord(
            lang=lang, lang_tag=lang_tag, text=text, markup=markup, attrs=_attrs(VARIANT_COLUMNS, row[6:6 + n],
                                                                                 row[6 + n]),
            annotations=tuple(notes.get((unit_id, vid), ())), id=vid, unit_id=unit_id))
    m = len(UNIT_COLUMNS)
    return [UnitRecord(id=row[0], origin_id=row[1], attrs=_attrs(UNIT_COLUMNS, row[2:2 + m], row[2 + m]),
                       annotations=tuple(notes.get((row[0], None), ())), variants=tuple(variants[row[0]]))
            for row in unit_rows]


def load_units(session: Session, unit_ids: Collection[int],
               wanted: Collection[str] | None = None) -> dict[int, UnitRecord]:
    """Units by id (missing ids are left out), with their variants in the ``wanted`` languages (all when
    None)."""
    conn, ids, out = session.connection(), sorted(set(unit_ids)), {}
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = tuple(ids[start:start + _IN_CHUNK])
        marks = ",".join("?" * len(chunk))
        rows = conn.exec_driver_sql(f"SELECT {_UNIT_COLS} FROM tm_unit WHERE id IN ({marks})", chunk).all()
        out.update((u.id, u) for u in _build(conn, rows, f"unit_id IN ({marks})", chunk, wanted))
    return out


def units_of_variants(session: Session, variant_ids: Collection[int]) -> dict[int, int]:
    """variant id → unit id."""
    conn, ids, out = session.connection(), list(variant_ids), {}
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = tuple(ids[start:start + _IN_CHUNK])
        out.update(conn.exec_driver_sql(
            f"SELECT id, unit_id FROM tm_variant WHERE id IN ({','.join('?' * len(chunk))})", chunk).all())
    return out


def stored_languages(session: Session) -> list[str]:
    """Canonical tags of every language in the TM."""
    return [tag for (tag,) in session.connection().exec_driver_sql("SELECT tag FROM tm_lang ORDER BY id")]


def resolve_languages(session: Session, requested: Sequence[str]) -> set[str]:
    """Stored tags that the requested ones cover (``zh`` covers ``zh-Hans`` and ``zh-Hant``)."""
    stored = stored_languages(session)
    out: set[str] = set()
    for tag in requested:
        want = languages.canonical(tag)
        if "-" not in tag.strip().replace("_", "-"):
            want = languages.primary(want)
        out.update(s for s in stored if languages.matches(s, want))
    return out


def iter_units(session: Session, wanted: Collection[str] | None = None, batch: int = 1000) -> Iterator[UnitRecord]:
    """Every unit in id order with its variants in the ``wanted`` languages (all when None);
    units with none of them are left out. Reads ``batch`` units per query."""
    conn, last = session.connection(), 0
    while True:
        rows = conn.exec_driver_sql(f"SELECT {_UNIT_COLS} FROM tm_unit WHERE id > ? ORDER BY id LIMIT ?",
                                    (last, batch)).all()
        if not rows:
            return
        last = rows[-1][0]
        for unit in _build(conn, rows, "unit_id BETWEEN ? AND ?", (rows[0][0], last), wanted):
            if unit.variants:
                yield unit


class VariantText(NamedTuple):
    """A variant's canonical language and plain text."""

    lang: str
    text: str


class UnitTexts(NamedTuple):
    """A unit's id and the (language, plain text) of its variants in position order."""

    id: int
    variants: list[VariantText]


def iter_unit_texts(session: Session, wanted: Collection[str] | None = None) -> Iterator[UnitTexts]:
    """Like :func:`iter_units` for exports that need only the plain text: one ordered scan of the
    variants in the ``wanted`` languages (all when None), no attributes, notes or records."""
    langs = sorted(wanted) if wanted is not None else []
    if wanted is not None and not langs:
        return
    where = f"WHERE lang IN ({','.join('?' * len(langs))}) " if langs else ""
    cursor = session.connection().connection.driver_connection.cursor()  # the session's transaction
    try:
        cursor.execute(f"SELECT unit_id, lang, text FROM tm_variant {where}ORDER BY unit_id, position", langs)
        for unit_id, rows in groupby(cursor, key=itemgetter(0)):
            yield UnitTexts(unit_id, [VariantText(lang, text) for _, lang, text in rows])
    finally:
        cursor.close()


def count_units(session: Session) -> tuple[int, int]:
    """(units, variants) stored."""
    conn = session.connection()
    return (conn.exec_driver_sql("SELECT count(*) FROM tm_unit").scalar_one(),
            conn.exec_driver_sql("SELECT count(*) FROM tm_variant").scalar_one())


def origin_headers(session: Session) -> list[str]:
    """The stored header elements (``tm_origin.header_xml``) of the imported files that added units,
    oldest file first."""
    return [xml for (xml,) in session.connection().exec_driver_sql(
        "SELECT header_xml FROM tm_origin WHERE header_xml IS NOT NULL AND header_xml != '' AND added > 0 "
        "ORDER BY id")]


def unit_texts(session: Session, unit_id: int) -> list[tuple[str, str]] | None:
    """(language, text) of each variant of a stored unit; None when there is no such unit."""
    rows = session.connection().exec_driver_sql(
        "SELECT lang, text FROM tm_variant WHERE unit_id = ? ORDER BY position", (unit_id,)).all()
    return [(lang, text) for lang, text in rows] or None
