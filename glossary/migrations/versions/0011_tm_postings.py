"""TM matching index: n-gram postings in segments instead of the FTS5 trigram and Han indexes.

``tm_segment`` lists a segment's variant ids with their (language id << 20 | key length) codes;
``tm_posting`` holds per (segment, gram) the sorted variant ids (uint32 little-endian) of the
segment's keys containing the gram; ``tm_gram_df`` counts the keys containing each gram. Grams are
integers of code points (see ``tm/postings.py``). The FTS5 tables and their triggers go: an import
no longer pays for them row by row. Existing keys are indexed again here, by a copy of the gram
extraction of ``tm/postings.py`` as it was at this revision (the core may not import ``tm``, and a
migration must not change when the code does).

Revision ID: 0011_tm_postings
Revises: 0010_check_findings
Create Date: 2026-11-23
"""

from __future__ import annotations

import numpy as np
import sqlalchemy as sa
from alembic import op
from sqlalchemy.engine import Connection

revision = "0011_tm_postings"
down_revision = "0010_check_findings"
branch_labels = None
depends_on = None

_MIX = 0x9E3779B97F4A7C15
_NO_GRAM = 0xFFFFFFFF
_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))
_SEGMENT_KEYS = 20_000
_U32 = np.uint64(0xFFFFFFFF00000000)


def _hash(codes: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        return (codes.astype(np.uint64, copy=False) * np.uint64(_MIX)) & _U32


def _pairs(keys: list[str], vids: np.ndarray) -> np.ndarray:
    """``gram id << 32 | variant id`` of every gram of every key (as ``tm.postings.gram_pairs``)."""
    cp = np.frombuffer("\0".join(keys).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lens = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
    owner = np.repeat(vids.astype(np.uint64), lens + 1)[:len(cp)]
    ends = np.cumsum(lens + 1) - 1
    parts = [np.zeros(0, np.uint64)]
    if len(cp) >= 3:
        tri = _hash((cp[:-2] << np.uint64(42)) | (cp[1:-1] << np.uint64(21)) | cp[2:])
        np.minimum(tri, np.uint64(_NO_GRAM << 32), out=tri)
        cut = np.concatenate([ends - 2, ends - 1, ends])
        tri[cut[(cut >= 0) & (cut < len(tri))]] = np.uint64(_NO_GRAM << 32)
        parts.append(tri | owner[:-2])
    han = np.zeros(len(cp), dtype=bool)
    for lo, hi in _HAN_RANGES:
        han |= (cp >= lo) & (cp <= hi)
    if han.any():
        parts.append(_hash(cp[han]) | owner[han])
        ok = (cp[:-1] != 0) & (cp[1:] != 0) & (han[:-1] | han[1:])
        parts.append(_hash(((cp[:-1] << np.uint64(21)) | cp[1:])[ok]) | owner[:-1][ok])
    return np.concatenate(parts)


def _reindex(conn: Connection) -> None:
    """Index every key of ``tm_key`` in segments of ``_SEGMENT_KEYS`` keys, in variant id order."""
    rows = conn.exec_driver_sql("SELECT id, key FROM tm_key").all()
    rows.sort(key=lambda r: r[0] & 0xFFFFFFFF)
    df: dict[int, int] = {}
    for seg, start in enumerate(range(0, len(rows), _SEGMENT_KEYS), start=1):
        chunk = rows[start:start + _SEGMENT_KEYS]
        vids = np.array([r[0] & 0xFFFFFFFF for r in chunk], dtype=np.uint32)
        codes = np.array([((r[0] >> 52) << 20) | min(len(r[1]), (1 << 20) - 1) for r in chunk], dtype=np.uint32)
        pairs = np.unique(_pairs([r[1] for r in chunk], vids))
        grams, ids = (pairs >> np.uint64(32)).astype(np.int64), (pairs & np.uint64(0xFFFFFFFF)).astype("<u4")
        conn.exec_driver_sql("INSERT INTO tm_segment (id, keys, vids, codes, version) VALUES (?, ?, ?, ?, 0)",
                             (seg, len(vids), vids.astype("<u4").tobytes(), codes.astype("<u4").tobytes()))
        starts = np.flatnonzero(np.r_[True, grams[1:] != grams[:-1]]) if len(grams) else np.zeros(0, np.int64)
        bounds = np.r_[starts, len(grams)].tolist()
        out = []
        for i, gram in enumerate(grams[starts].tolist()):
            if gram != _NO_GRAM:
                out.append((seg, gram, ids[bounds[i]:bounds[i + 1]].tobytes()))
                df[gram] = df.get(gram, 0) + bounds[i + 1] - bounds[i]
        conn.exec_driver_sql("INSERT INTO tm_posting (segment, gram, ids) VALUES (?, ?, ?)", out)
    if df:
        conn.exec_driver_sql("INSERT INTO tm_gram_df (gram, df) VALUES (?, ?)", list(df.items()))


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS tm_key_ad")
        op.execute("DROP TRIGGER IF EXISTS tm_key_ai")
        for table in ("tm_key_fts_vocab", "tm_han_fts", "tm_key_fts"):
            op.execute(f"DROP TABLE IF EXISTS {table}")
        op.drop_table("tm_trigram_df")
    op.create_table(
        "tm_segment",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("keys", sa.Integer(), nullable=False),
        sa.Column("vids", sa.LargeBinary(), nullable=False),
        sa.Column("codes", sa.LargeBinary(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_table(
        "tm_posting",
        sa.Column("segment", sa.Integer(), primary_key=True),
        sa.Column("gram", sa.BigInteger(), primary_key=True),
        sa.Column("ids", sa.LargeBinary(), nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "tm_gram_df",
        sa.Column("gram", sa.Integer(), primary_key=True, autoincrement=False),  # INTEGER: the rowid
        sa.Column("df", sa.Integer(), nullable=False),
    )
    _reindex(op.get_bind())


def downgrade() -> None:
    for table in ("tm_gram_df", "tm_posting", "tm_segment"):
        op.drop_table(table)
    if op.get_bind().dialect.name != "sqlite":
        return
    op.create_table(
        "tm_trigram_df",
        sa.Column("gram", sa.Text(), primary_key=True),
        sa.Column("doc", sa.Integer(), nullable=False),
        sqlite_with_rowid=False,
    )
    op.execute("CREATE VIRTUAL TABLE tm_key_fts USING fts5(key, content='tm_key', content_rowid='id', "
               "tokenize='trigram', detail=none, columnsize=0)")
    op.execute("CREATE VIRTUAL TABLE tm_han_fts USING fts5(han, content='tm_key', content_rowid='id', "
               "tokenize='unicode61', columnsize=0)")
    op.execute("CREATE VIRTUAL TABLE tm_key_fts_vocab USING fts5vocab(tm_key_fts, 'row')")
    op.execute(
        "CREATE TRIGGER tm_key_ai AFTER INSERT ON tm_key BEGIN "
        "INSERT INTO tm_key_fts (rowid, key) VALUES (new.id, new.key); "
        "INSERT INTO tm_han_fts (rowid, han) SELECT new.id, new.han WHERE new.han IS NOT NULL; END"
    )
    op.execute(
        "CREATE TRIGGER tm_key_ad AFTER DELETE ON tm_key BEGIN "
        "INSERT INTO tm_key_fts (tm_key_fts, rowid, key) VALUES ('delete', old.id, old.key); "
        "INSERT INTO tm_han_fts (tm_han_fts, rowid, han) SELECT 'delete', old.id, old.han "
        "WHERE old.han IS NOT NULL; END"
    )
    # Keys written since 0011 have no spaced copy (one token per character) for the Han index.
    bind = op.get_bind()
    rows = bind.exec_driver_sql("SELECT id, key FROM tm_key WHERE han IS NULL").all()
    spaced = [(" ".join(key), key_id) for key_id, key in rows
              if any(lo <= ord(c) <= hi for c in key for lo, hi in _HAN_RANGES)]
    if spaced:
        bind.exec_driver_sql("UPDATE tm_key SET han = ? WHERE id = ?", spaced)
    op.execute("INSERT INTO tm_key_fts (tm_key_fts) VALUES ('rebuild')")
    op.execute("INSERT INTO tm_han_fts (tm_han_fts) VALUES ('rebuild')")
    op.execute("INSERT INTO tm_trigram_df (gram, doc) SELECT term, doc FROM tm_key_fts_vocab")
