"""Matching keys move into ``tm_variant.key``, stored only where the text case-folded is not the key.

``tm_key`` held every variant's key (about as large as the texts themselves) under an id packing
(language, key length, variant id), so its inserts landed all over the table. The postings index
(``0011``) keeps each key's language and length itself, so the packed order is no longer needed,
and most keys are the text case-folded (ё read as е): ``tm_variant.key`` is NULL for those and
holds the key for the others (NFKC or whitespace changed it: full-width Chinese punctuation,
doubled spaces). The rule is a copy of ``tm.keys.quick_key`` as it is at this revision (a
migration must not change when the code does).

Revision ID: 0012_variant_keys
Revises: 0011_tm_postings
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_variant_keys"
down_revision = "0011_tm_postings"
branch_labels = None
depends_on = None

_CHUNK = 20_000
_VARIANT = 0xFFFFFFFF


def _quick_key(text: str) -> str:
    return text.casefold().replace("ё", "е")


def upgrade() -> None:
    op.add_column("tm_variant", sa.Column("key", sa.Text(), nullable=True))
    bind = op.get_bind()
    last = -1
    while True:
        rows = bind.exec_driver_sql(
            "SELECT k.id, k.key, v.id, v.text FROM tm_key k JOIN tm_variant v ON v.id = (k.id & ?) "
            "WHERE k.id > ? ORDER BY k.id LIMIT ?", (_VARIANT, last, _CHUNK)).all()
        if not rows:
            break
        stored = [(key, vid) for _kid, key, vid, text in rows if key != _quick_key(text)]
        if stored:
            bind.exec_driver_sql("UPDATE tm_variant SET key = ? WHERE id = ?", stored)
        last = rows[-1][0]
    op.drop_table("tm_key")


def downgrade() -> None:
    op.create_table(
        "tm_key",
        sa.Column("id", sa.BigInteger() if op.get_bind().dialect.name != "sqlite" else sa.Integer(),
                  primary_key=True, autoincrement=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("han", sa.Text(), nullable=True),
    )
    bind = op.get_bind()
    langs = dict(bind.exec_driver_sql("SELECT tag, id FROM tm_lang").all())
    last = 0
    while True:
        rows = bind.exec_driver_sql("SELECT id, lang, text, key FROM tm_variant WHERE id > ? ORDER BY id LIMIT ?",
                                    (last, _CHUNK)).all()
        if not rows:
            break
        keys = []
        for vid, lang, text, stored in rows:
            key = _quick_key(text) if stored is None else stored
            keys.append(((langs[lang] << 52) | (min(len(key), (1 << 20) - 1) << 32) | vid, key))
        bind.exec_driver_sql("INSERT INTO tm_key (id, key) VALUES (?, ?)", keys)
        last = rows[-1][0]
    op.drop_column("tm_variant", "key")
