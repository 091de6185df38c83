"""Postings in parts and compressed: ``tm_posting`` is keyed by (segment, gram, part), and ``ids``
holds the gaps between sorted variant ids, one byte each below 255.

An import used to spill its sorted (gram, variant id) buffers to a temporary file and merge them
back at the end into one row per gram: a third of a large import's time, spent after the file
was read, with nothing else to overlap it, and uint32 ids were more than half of a TM's bytes.
Now buffers are compressed in memory as the file is read and written in gram order; a very large
import writes a gram's list in a few parts, which lie side by side in the table, so reading a gram
is still one range. Existing rows become part 0. The encoding is a copy of ``tm.idlists`` as it
is at this revision (a migration must not change when the code does)::

    uint32 count | count gap bytes (255: escaped) | uint32 of each escaped gap, in order

Revision ID: 0013_posting_parts
Revises: 0012_variant_keys
Create Date: 2026-11-23
"""

from __future__ import annotations

import itertools

import numpy as np
import sqlalchemy as sa
from alembic import op

revision = "0013_posting_parts"
down_revision = "0012_variant_keys"
branch_labels = None
depends_on = None

_ROWS = 2_000


def _encode(ids: np.ndarray) -> bytes:
    gaps = np.diff(ids.astype(np.uint32), prepend=np.uint32(0))
    small = np.minimum(gaps, 255).astype(np.uint8)
    return len(ids).to_bytes(4, "little") + small.tobytes() + gaps[small == 255].astype("<u4").tobytes()


def _decode(blob: bytes) -> np.ndarray:
    count = int.from_bytes(blob[:4], "little")
    small = np.frombuffer(blob, dtype=np.uint8, count=count, offset=4)
    gaps = small.astype(np.uint32)
    if len(blob) > 4 + count:
        gaps[small == 255] = np.frombuffer(blob, dtype="<u4", offset=4 + count)
    return np.cumsum(gaps, dtype=np.uint32)


def _create(name: str, parts: bool) -> None:
    columns = [sa.Column("segment", sa.Integer(), primary_key=True),
               sa.Column("gram", sa.BigInteger(), primary_key=True)]
    if parts:
        columns.append(sa.Column("part", sa.Integer(), primary_key=True, autoincrement=False))
    op.create_table(name, *columns, sa.Column("ids", sa.LargeBinary(), nullable=False), sqlite_with_rowid=False)


def _copy(select: str, insert: str, convert) -> None:  # type: ignore[no-untyped-def]
    """Copy rows through ``convert`` (rows → rows), ``_ROWS`` at a time."""
    bind = op.get_bind()
    rows = bind.exec_driver_sql(select)
    while chunk := rows.fetchmany(_ROWS):
        bind.exec_driver_sql(insert, convert(chunk))


def upgrade() -> None:
    _create("tm_posting_parts", parts=True)
    _copy("SELECT segment, gram, ids FROM tm_posting",
          "INSERT INTO tm_posting_parts (segment, gram, part, ids) VALUES (?, ?, 0, ?)",
          lambda rows: [(seg, gram, _encode(np.frombuffer(ids, dtype="<u4"))) for seg, gram, ids in rows])
    op.drop_table("tm_posting")
    op.rename_table("tm_posting_parts", "tm_posting")


def downgrade() -> None:
    _create("tm_posting_whole", parts=False)
    bind = op.get_bind()
    rows = bind.exec_driver_sql("SELECT segment, gram, ids FROM tm_posting ORDER BY segment, gram, part")
    whole: list[tuple[int, int, bytes]] = []
    insert = "INSERT INTO tm_posting_whole (segment, gram, ids) VALUES (?, ?, ?)"
    for (seg, gram), group in itertools.groupby(rows, key=lambda r: (r[0], r[1])):
        ids = np.concatenate([_decode(blob) for _s, _g, blob in group])
        whole.append((seg, gram, ids.astype("<u4").tobytes()))
        if len(whole) >= _ROWS:
            bind.exec_driver_sql(insert, whole)
            whole = []
    if whole:
        bind.exec_driver_sql(insert, whole)
    op.drop_table("tm_posting")
    op.rename_table("tm_posting_whole", "tm_posting")
