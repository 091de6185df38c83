"""Writing units into the TM inside the caller's write transaction, in batches.

Ids are assigned here (the transaction holds the write lock), so a batch is four ``executemany``
calls instead of one round trip per row. A unit whose content hash is already stored, or appeared
earlier in the same import, is merged: counted, not stored again. Matching keys go to the
postings index (:mod:`tm.postings`), which writes them as segments in bulk; :meth:`TmWriter.finish`
writes the last one, so an import must end with it. A key is stored with its variant only when it
is not the text case-folded (:func:`tm.keys.stored_key`).
"""

from __future__ import annotations

import functools
import itertools
import json
import operator
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from glossary.errors import SilktermError
from glossary.models import utcnow
from tm.keys import MAX_LANGS, MAX_VARIANT, quick_keys, stored_key_of
from tm.models import TmOrigin
from tm.postings import PostingWriter
from tm.records import UNIT_COLUMNS, VARIANT_COLUMNS, Annotation, UnitDraft, plain_content_hash
from tm.repeats import RepeatFilter
from tm.retired import retired_high

_IN_CHUNK = 900
_HASH_INDEX = "ix_tm_unit_hash"  # unique (migration 0014)
#: SQLite page cache while importing (KiB). An import appends (ids only grow), so it needs few pages
#: cached; 16 MiB cost 4 MiB of peak memory at 1,000,000 units and no measurable time.
_IMPORT_CACHE_KIB = 4 * 1024

_UNIT_COLUMNS_ALL = ("id", "hash", "origin_id", *UNIT_COLUMNS, "attrs")
_VARIANT_COLUMNS_ALL = ("id", "unit_id", "position", "lang", "lang_tag", "text", "key", "markup", *VARIANT_COLUMNS,
                        "attrs")
# a plain variant binds 7 values instead of 13 (each bound value costs about as much as a row's page work)
_PLAIN_VARIANT_COLUMNS = _VARIANT_COLUMNS_ALL[:7]
_NOTE_COLUMNS = ("id", "unit_id", "variant_id", "position", "kind", "type", "text", "attrs")


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


_COLUMN_SETS = {columns: frozenset(columns) for columns in (UNIT_COLUMNS, VARIANT_COLUMNS)}


def _split(attrs: Mapping[str, str], columns: tuple[str, ...]) -> tuple[list[str | None], str | None]:
    """(values of the typed columns, JSON of the other attributes)."""
    if not attrs:
        return [None] * len(columns), None
    typed = list(map(attrs.get, columns))
    if attrs.keys() <= _COLUMN_SETS[columns]:  # the common case: no other attribute
        return typed, None
    return typed, _json({k: v for k, v in attrs.items() if k not in columns})


#: A unit ready for the store, computed without the database (so in any process): content hash,
#: the unit's column values (typed columns, then the JSON of the other attributes), its notes as
#: ``(kind, type, text, attrs JSON)``, and its variants as (language, column values, notes). A
#: variant's column values are (language, tag, text, key as stored: None when it is the text
#: case-folded), followed, unless the variant is plain, by its markup, typed columns and attrs JSON.
#: (The key itself is not sent along: most keys are the text case-folded, which the store does for a
#: whole batch in one call, cheaper than carrying a second copy of every text between processes.)
PreparedVariant = tuple[str, tuple, tuple[tuple, ...]]
PreparedUnit = tuple[str, tuple, tuple[tuple, ...], tuple[PreparedVariant, ...]]


def _notes(notes: Iterable[Annotation]) -> tuple[tuple, ...]:
    return tuple((a.kind, a.type, a.text, _json(a.attrs)) for a in notes)


#: What :func:`prepare_staged` gives for a unit identical to an earlier unit of the same file: merged
#: without being prepared.
REPEATED = "repeated"

#: A unit read but not prepared yet: its content hash first, then either the draft, or (for a plain
#: unit, :func:`stage_plain`) its attributes, notes and variants. Repeats are found by the hash
#: before the costlier rest (matching keys) is computed.
StagedUnit = tuple[str, UnitDraft] | tuple[str, Mapping[str, str], Sequence[tuple], Sequence[tuple[str, str, str]]]


def stage(unit: UnitDraft) -> StagedUnit | None:
    """A draft's content hash with the draft; None for a unit without variants (skipped)."""
    if not unit.variants:
        return None
    return unit.content_hash(), unit


def stage_plain(attrs: Mapping[str, str], notes: Sequence[tuple[str, str | None, str]],
                variants: Sequence[tuple[str, str, str]]) -> StagedUnit:
    """:func:`stage` of a unit whose variants, (language, tag as written, plain text), have no
    attributes, markup or notes, and whose notes and props, (kind, type, text), have no attributes,
    without building its draft (what most units of an import are)."""
    return plain_content_hash(variants, notes), attrs, notes, variants


def prepare(unit: UnitDraft) -> PreparedUnit | None:
    """What the store needs of a unit, as plain tuples (cheap to send between processes); None for a
    unit without variants, which is skipped."""
    staged = stage(unit)
    return None if staged is None else _finish(staged)


def prepare_staged(staged: Iterable[StagedUnit | str | None],
                   batch: int) -> Iterator[list[PreparedUnit | str | None]]:
    """Staged units of one file prepared, in lists of ``batch``: a unit whose content hash came
    earlier in the file as :data:`REPEATED` (one the reader gave as REPEATED stays so), a unit
    without variants as None."""
    preparer = FilePreparer()
    units = map(preparer, staged)
    while chunk := list(itertools.islice(units, batch)):
        preparer.settle(chunk)
        yield chunk


#: Stands in a batch for a unit that may repeat an earlier one until the batch is settled.
_DOUBTFUL = object()


class FilePreparer:
    """Prepares the staged units of one file in order; a repeat of an earlier unit becomes
    :data:`REPEATED`. A unit the repeat filter calls certainly new is prepared at once, while its
    text is still in the CPU's cache; the others wait for :meth:`settle`."""

    def __init__(self) -> None:
        self._repeats = RepeatFilter()
        self._new: list[str] = []
        self._doubtful: list[StagedUnit] = []

    def __call__(self, unit: StagedUnit | str | None) -> PreparedUnit | str | None:
        if unit is None or unit is REPEATED:
            return unit
        if self._repeats.is_new(unit[0]):
            self._new.append(unit[0])
            return _finish(unit)
        self._doubtful.append(unit)
        return _DOUBTFUL  # type: ignore[return-value]

    def settle(self, batch: list[PreparedUnit | str | None]) -> None:
        """Decide, in place, the doubtful units of ``batch``: every result since the last settle."""
        firsts = self._repeats.settle(self._new, [unit[0] for unit in self._doubtful])
        at = -1
        for unit, first in zip(self._doubtful, firsts, strict=True):
            at = batch.index(_DOUBTFUL, at + 1)  # type: ignore[arg-type]
            batch[at] = _finish(unit) if first else REPEATED
        self._new, self._doubtful = [], []


def _finish(staged: StagedUnit) -> PreparedUnit:
    if len(staged) == 4:
        digest, attrs, notes, plain = staged
        typed, rest = _split(attrs, UNIT_COLUMNS)
        return (digest, (*typed, rest), tuple([(kind, type_, text, None) for kind, type_, text in notes]),
                tuple([(lang, (lang, tag, text, stored_key_of(text)), ()) for lang, tag, text in plain]))
    digest, unit = staged
    variants = []
    for v in unit.variants:
        typed, rest = _split(v.attrs, VARIANT_COLUMNS)
        values = (v.lang, v.lang_tag, v.text, stored_key_of(v.text))
        if v.markup is not None or rest is not None or typed.count(None) != len(typed):
            values = (*values, v.markup, *typed, rest)
        variants.append((v.lang, values, _notes(v.annotations)))
    typed, rest = _split(unit.attrs, UNIT_COLUMNS)
    return digest, (*typed, rest), _notes(unit.annotations), tuple(variants)


#: Rows per INSERT statement: a statement executed once per row costs the sqlite3 module about
#: twice what SQLite spends storing the row.
_ROWS_PER_STATEMENT = 100


def _keys(values: list[tuple]) -> list[str]:
    """The matching keys of variants from their column values (text, key as stored)."""
    folded = iter(quick_keys([v[2] for v in values if v[3] is None]))
    return [next(folded) if v[3] is None else v[3] for v in values]


def _variable_limit(conn: Connection) -> int:
    """How many values one statement may bind (SQLite: 999 before 3.32, 32766 since); 1 elsewhere."""
    if conn.dialect.name != "sqlite":
        return 1
    return conn.connection.driver_connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


@functools.lru_cache(maxsize=64)
def _insert_sql(table: str, columns: tuple[str, ...], rows: int = 1) -> str:
    values = f"({', '.join('?' * len(columns))})"
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([values] * rows)}"


def insert_rows(conn: Connection, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert rows (one value per column), :data:`_ROWS_PER_STATEMENT` per statement, leaving out
    the columns that are NULL in every row: the sqlite3 module binds a None through its adapter
    lookup, about ten times the cost of an int or a str, and most of a unit's optional columns are
    empty in a whole file. (A column left out gets its default: the TM's tables have none.)"""
    empty = [i for i, values in enumerate(zip(*rows, strict=True)) if values.count(None) == len(values)]
    if empty and len(empty) < len(columns) - 1:
        kept = [i for i in range(len(columns)) if i not in empty]
        columns = tuple(columns[i] for i in kept)
        rows = list(map(operator.itemgetter(*kept), rows))
    step = min(_ROWS_PER_STATEMENT, _variable_limit(conn) // len(columns))
    whole = len(rows) - len(rows) % step if step > 1 else 0
    if whole:
        conn.exec_driver_sql(_insert_sql(table, columns, step),
                             [tuple(itertools.chain.from_iterable(rows[i:i + step])) for i in range(0, whole, step)])
        rows = rows[whole:]
    if rows:
        conn.exec_driver_sql(_insert_sql(table, columns), rows)


@dataclass
class _Rows:
    units: list[tuple] = field(default_factory=list)
    plain_variants: list[tuple] = field(default_factory=list)
    variants: list[tuple] = field(default_factory=list)
    notes: list[tuple] = field(default_factory=list)


class TmWriter:
    """Adds units to the TM within one write session (one transaction for a whole import)."""

    def __init__(self, session: Session, author: str, *, bulk: bool = False) -> None:
        """``bulk``: a large import, whose units come through :meth:`add_prepared` from readers that
        mark repeats within their file (:data:`REPEATED`). Into an empty TM, the first file's units
        then need no lookup of stored hashes, and the hash index is built once at the end."""
        self.session = session
        self.author = author
        self.conn: Connection = session.connection()
        self._files = 0
        # Dropped while no unit can be stored already (only repeats within one file, which readers
        # mark): units are then not looked up at all.
        self._hash_index_dropped = bulk and self.conn.exec_driver_sql("SELECT 1 FROM tm_unit LIMIT 1").first() is None
        if self._hash_index_dropped:
            self.conn.exec_driver_sql(f"DROP INDEX {_HASH_INDEX}")
        self.postings = PostingWriter(self.conn)
        self._langs: dict[str, int] = dict(self.conn.exec_driver_sql("SELECT tag, id FROM tm_lang").all())
        self._next_unit = self._next_id("tm_unit")
        # a deleted variant id may still sit, unmatchable, in a postings segment: never reuse it
        self._next_variant = max(self._next_id("tm_variant"), retired_high(self.conn) + 1)
        self._next_note = self._next_id("tm_note")
        self._mmap: int | None = None
        if self.conn.dialect.name == "sqlite":
            # Pages read through the memory map count as this process's memory and a large import
            # touches most of the file; the page cache alone is bounded (cache_size).
            self._mmap = self.conn.exec_driver_sql("PRAGMA mmap_size").scalar()
            self._cache = self.conn.exec_driver_sql("PRAGMA cache_size").scalar()
            self.conn.exec_driver_sql("PRAGMA mmap_size = 0")
            self.conn.exec_driver_sql(f"PRAGMA cache_size = {-_IMPORT_CACHE_KIB}")

    def _next_id(self, table: str) -> int:
        top = self.conn.exec_driver_sql(f"SELECT max(id) FROM {table}").scalar() or 0
        if self.conn.dialect.name == "sqlite":  # AUTOINCREMENT tables never reuse an id, even a deleted one
            seq = self.conn.exec_driver_sql("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).scalar()
            top = max(top, seq or 0)
        return top + 1

    def begin_origin(self, fmt: str, name: str, path: str | None) -> int:
        """Record an imported file; returns its origin id."""
        self._files += 1
        if self._files > 1:  # its units may repeat an earlier file's
            self._restore_hash_index()
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
        self._restore_hash_index()  # drafts are not marked as repeats of earlier batches
        return self.add_prepared([prepare(u) for u in units], origin_id)

    def _restore_hash_index(self) -> None:
        """Build the hash index again if a bulk import dropped it; every unit is looked up from now on."""
        if self._hash_index_dropped:
            self.conn.exec_driver_sql(f"CREATE UNIQUE INDEX {_HASH_INDEX} ON tm_unit (hash)")
            self._hash_index_dropped = False

    def add_prepared(self, units: Sequence[PreparedUnit | str | None], origin_id: int | None) -> AddResult:
        """:meth:`add` for units already prepared (:func:`prepare`, :func:`prepare_staged`: None for
        a unit without variants, :data:`REPEATED` for a repeat)."""
        result = AddResult()
        fresh: dict[str, PreparedUnit] = {}
        for unit in units:
            if unit is None:
                result.skipped += 1
            elif isinstance(unit, str) or unit[0] in fresh:
                result.merged += 1
            else:
                fresh[unit[0]] = unit
        stored = set() if self._hash_index_dropped else self._stored(list(fresh))
        result.merged += len(stored)
        new = [u for u in fresh.values() if u[0] not in stored] if stored else list(fresh.values())
        # built with comprehensions, not one loop appending to five lists: half the cost per variant
        unit_ids = range(self._next_unit, self._next_unit + len(new))
        flat = [(uid, position, v) for uid, u in zip(unit_ids, new, strict=True) for position, v in enumerate(u[3])]
        variant_ids = range(self._next_variant, self._next_variant + len(flat))
        if variant_ids.stop - 1 > MAX_VARIANT:
            raise SilktermError("the translation memory is full (4 billion segments)")
        rows = _Rows()
        rows.units = [(uid, u[0], origin_id, *u[1]) for uid, u in zip(unit_ids, new, strict=True)]
        numbered = list(zip(variant_ids, flat, strict=True))
        rows.plain_variants = [(vid, uid, position, *v[1]) for vid, (uid, position, v) in numbered if len(v[1]) == 4]
        if len(rows.plain_variants) < len(flat):
            rows.variants = [(vid, uid, position, *v[1]) for vid, (uid, position, v) in numbered if len(v[1]) != 4]
        self._add_notes(rows, new, unit_ids, flat, variant_ids)
        langs = {v[0] for _uid, _position, v in flat}
        result.languages |= langs
        known = self._langs
        if not langs <= known.keys():
            for lang in langs:
                self._lang_id(lang)
        self._next_unit, self._next_variant = unit_ids.stop, variant_ids.stop
        self._insert(rows)
        self.postings.add_many(variant_ids, [known[v[0]] for _uid, _position, v in flat],
                               _keys([v[1] for _uid, _position, v in flat]))
        result.added = len(rows.units)
        return result

    def _add_notes(self, rows: _Rows, units: list[PreparedUnit], unit_ids: range, flat: list[tuple],
                   variant_ids: range) -> None:
        """The note rows of units: ids in file order (a unit's notes, then each variant's)."""
        ids = itertools.count(self._next_note)
        if any(v[2] for _uid, _position, v in flat):
            variant_id = variant_ids.start
            for uid, (_digest, _values, notes, variants) in zip(unit_ids, units, strict=True):
                rows.notes += [(next(ids), uid, None, position, *note) for position, note in enumerate(notes)]
                for vid, (_lang, _vvalues, vnotes) in enumerate(variants, variant_id):
                    rows.notes += [(next(ids), uid, vid, position, *note) for position, note in enumerate(vnotes)]
                variant_id += len(variants)
        else:
            rows.notes = [(next(ids), uid, None, position, *note)
                          for uid, u in zip(unit_ids, units, strict=True)
                          for position, note in enumerate(u[2])]
        self._next_note = next(ids)

    def _stored(self, digests: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(digests), _IN_CHUNK):
            chunk = digests[start:start + _IN_CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update(h for (h,) in self.conn.exec_driver_sql(
                f"SELECT hash FROM tm_unit WHERE hash IN ({marks})", tuple(chunk)))
        return found

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
        for table, columns, data in (("tm_unit", _UNIT_COLUMNS_ALL, rows.units),
                                     ("tm_variant", _PLAIN_VARIANT_COLUMNS, rows.plain_variants),
                                     ("tm_variant", _VARIANT_COLUMNS_ALL, rows.variants),
                                     ("tm_note", _NOTE_COLUMNS, rows.notes)):
            if data:
                insert_rows(self.conn, table, columns, data)

    def finish(self) -> None:
        """Index the keys still queued and merge small index segments (ends every import)."""
        self.postings.finish()
        self._restore_hash_index()
        if self._mmap is not None:
            self.conn.exec_driver_sql(f"PRAGMA mmap_size = {int(self._mmap)}")
            self.conn.exec_driver_sql(f"PRAGMA cache_size = {int(self._cache)}")
