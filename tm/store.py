"""Writing units into the TM inside the caller's write transaction, in batches.

Ids are assigned here (the transaction holds the write lock), so a batch is four ``executemany``
calls instead of one round trip per row. A unit whose content hash is already stored, or appeared
earlier in the same import, is merged: counted, not stored again. Matching keys go to the
postings index (:mod:`tm.postings`), which writes them as segments in bulk; :meth:`TmWriter.finish`
writes the last one, so an import must end with it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from glossary.errors import SilktermError
from glossary.models import utcnow
from tm.editing import retired_high
from tm.keys import MAX_LANGS, MAX_VARIANT, match_key, pack
from tm.models import TmOrigin
from tm.postings import PostingWriter
from tm.records import UNIT_COLUMNS, VARIANT_COLUMNS, Annotation, UnitDraft

_IN_CHUNK = 900

_UNIT_SQL = (f"INSERT INTO tm_unit (id, hash, origin_id, {', '.join(UNIT_COLUMNS)}, attrs) "
             f"VALUES ({', '.join('?' * (len(UNIT_COLUMNS) + 4))})")
_VARIANT_SQL = (f"INSERT INTO tm_variant (id, unit_id, position, lang, lang_tag, text, markup, "
                f"{', '.join(VARIANT_COLUMNS)}, attrs) VALUES ({', '.join('?' * (len(VARIANT_COLUMNS) + 8))})")
_NOTE_SQL = ("INSERT INTO tm_note (id, unit_id, variant_id, position, kind, type, text, attrs) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
_KEY_SQL = "INSERT INTO tm_key (id, key) VALUES (?, ?)"


@dataclass
class AddResult:
    """What adding units did."""

    added: int = 0
    merged: int = 0
    skipped: int = 0
    languages: set[str] = field(default_factory=set)

    def __iadd__(self, other: AddResult) -> AddResult:
        self.added += other.added
        self.merged += other.merged
        self.skipped += other.skipped
        self.languages |= other.languages
        return self


def _json(attrs: Mapping[str, Any] | None) -> str | None:
    return json.dumps(dict(attrs), ensure_ascii=False) if attrs else None


def _split(attrs: Mapping[str, str], columns: tuple[str, ...]) -> tuple[list[str | None], str | None]:
    """(values of the typed columns, JSON of the other attributes)."""
    rest = {k: v for k, v in attrs.items() if k not in columns}
    return [attrs.get(c) for c in columns], _json(rest)


@dataclass
class _Rows:
    units: list[tuple] = field(default_factory=list)
    variants: list[tuple] = field(default_factory=list)
    notes: list[tuple] = field(default_factory=list)
    keys: list[tuple] = field(default_factory=list)


class TmWriter:
    """Adds units to the TM within one write session (one transaction for a whole import)."""

    def __init__(self, session: Session, author: str) -> None:
        self.session = session
        self.author = author
        self.conn: Connection = session.connection()
        self.keys_added = 0
        self.postings = PostingWriter(self.conn)
        self._langs: dict[str, int] = dict(self.conn.exec_driver_sql("SELECT tag, id FROM tm_lang").all())
        self._next_unit = self._next_id("tm_unit")
        # a deleted variant id may still sit, unmatchable, in a postings segment: never reuse it
        self._next_variant = max(self._next_id("tm_variant"), retired_high(self.conn) + 1)
        self._next_note = self._next_id("tm_note")

    def _next_id(self, table: str) -> int:
        top = self.conn.exec_driver_sql(f"SELECT max(id) FROM {table}").scalar() or 0
        if self.conn.dialect.name == "sqlite":  # AUTOINCREMENT tables never reuse an id, even a deleted one
            seq = self.conn.exec_driver_sql("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).scalar()
            top = max(top, seq or 0)
        return top + 1

    def begin_origin(self, fmt: str, name: str, path: str | None) -> int:
        """Record an imported file; returns its origin id."""
        origin = TmOrigin(format=fmt, name=name, path=path, imported_by=self.author, imported_at=utcnow())
        self.session.add(origin)
        self.session.flush()
        return origin.id

    def end_origin(self, origin_id: int, header: Mapping[str, str] | None, header_xml: str | None,
                   result: AddResult) -> None:
        """Store the file's header and the counts of what its import did."""
        origin = self.session.get(TmOrigin, origin_id)
        origin.header = dict(header) if header else None
        origin.header_xml = header_xml or None
        origin.added, origin.merged, origin.skipped = result.added, result.merged, result.skipped
        self.session.flush()

    def add(self, units: Sequence[UnitDraft], origin_id: int | None) -> AddResult:
        """Store the units not stored yet; merge the others. Returns the counts."""
        result = AddResult()
        fresh: dict[str, UnitDraft] = {}
        for unit in units:
            if not unit.variants:
                result.skipped += 1
                continue
            result.languages.update(v.lang for v in unit.variants)
            digest = unit.content_hash()
            if digest in fresh:
                result.merged += 1
            else:
                fresh[digest] = unit
        stored = self._stored(list(fresh))
        result.merged += len(stored)
        rows = _Rows()
        for digest, unit in fresh.items():
            if digest not in stored:
                self._unit_rows(rows, digest, unit, origin_id)
        self._insert(rows)
        result.added = len(rows.units)
        return result

    def _stored(self, digests: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(digests), _IN_CHUNK):
            chunk = digests[start:start + _IN_CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update(h for (h,) in self.conn.exec_driver_sql(
                f"SELECT hash FROM tm_unit WHERE hash IN ({marks})", tuple(chunk)))
        return found

    def _unit_rows(self, rows: _Rows, digest: str, unit: UnitDraft, origin_id: int | None) -> None:
        unit_id = self._next_unit
        self._next_unit += 1
        typed, rest = _split(unit.attrs, UNIT_COLUMNS)
        rows.units.append((unit_id, digest, origin_id, *typed, rest))
        self._note_rows(rows, unit_id, None, unit.annotations)
        for position, v in enumerate(unit.variants):
            variant_id = self._next_variant
            if variant_id > MAX_VARIANT:
                raise SilktermError("the translation memory is full (4 billion segments)")
            self._next_variant += 1
            typed, rest = _split(v.attrs, VARIANT_COLUMNS)
            rows.variants.append((variant_id, unit_id, position, v.lang, v.lang_tag, v.text, v.markup, *typed, rest))
            self._note_rows(rows, unit_id, variant_id, v.annotations)
            key = match_key(v.text)
            lang_id = self._lang_id(v.lang)
            rows.keys.append((pack(lang_id, len(key), variant_id), key))
            self.postings.add(variant_id, lang_id, key)

    def _note_rows(self, rows: _Rows, unit_id: int, variant_id: int | None, notes: Iterable[Annotation]) -> None:
        for position, a in enumerate(notes):
            rows.notes.append((self._next_note, unit_id, variant_id, position, a.kind, a.type, a.text,
                               _json(a.attrs)))
            self._next_note += 1

    def _lang_id(self, tag: str) -> int:
        lang_id = self._langs.get(tag)
        if lang_id is None:
            lang_id = max(self._langs.values(), default=0) + 1
            if lang_id > MAX_LANGS:
                raise SilktermError(f"too many languages in the translation memory (at most {MAX_LANGS})")
            self.conn.exec_driver_sql("INSERT INTO tm_lang (id, tag) VALUES (?, ?)", (lang_id, tag))
            self._langs[tag] = lang_id
        return lang_id

    def _insert(self, rows: _Rows) -> None:
        for sql, data in ((_UNIT_SQL, rows.units), (_VARIANT_SQL, rows.variants), (_NOTE_SQL, rows.notes),
                          (_KEY_SQL, rows.keys)):
            if data:
                self.conn.exec_driver_sql(sql, data)
        self.keys_added += len(rows.keys)

    def finish(self) -> None:
        """Index the keys still queued and merge small index segments (ends every import)."""
        self.postings.finish()
