"""Variant ids that must never be given again: a deleted variant's id may still sit, marked
unmatchable, in an older postings segment (:mod:`tm.postings`), so new ids start above the highest
id ever retired (kept in ``silkterm_meta``)."""

from __future__ import annotations

from sqlalchemy.engine import Connection

_RETIRED = "tm_variant_retired_high"


def retired_high(conn: Connection) -> int:
    """The highest variant id ever deleted (0 when none was)."""
    value = conn.exec_driver_sql("SELECT value FROM silkterm_meta WHERE key = ?", (_RETIRED,)).scalar()
    return int(value) if value else 0


def retire(conn: Connection, variant_id: int) -> None:
    """Remember that ids up to ``variant_id`` may have been used."""
    if variant_id > retired_high(conn):
        conn.exec_driver_sql("DELETE FROM silkterm_meta WHERE key = ?", (_RETIRED,))
        conn.exec_driver_sql("INSERT INTO silkterm_meta (key, value) VALUES (?, ?)", (_RETIRED, str(variant_id)))
