"""Plain units get a cheaper content hash: length-prefixed fields instead of JSON.

A unit whose variants have no markup and no notes, and whose notes and props have no attributes
(most units of any TM), was identified by blake2b of a JSON payload; writing that JSON was a fifth
of the CPU spent reading a TMX file. Its hash is now blake2b of its fields joined by U+001F, each
free text with its length (``tm.records.plain_content_hash``). Every plain unit's ``tm_unit.hash``
is computed again here, so a unit imported before and after the change is still recognised as the
same; the other units keep their JSON hash. Both forms are copied here: a migration must not depend
on code that changes later.

Revision ID: 0016_plain_unit_hash
Revises: 0015_posting_rowid
Create Date: 2026-11-23
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from itertools import groupby

import sqlalchemy as sa
from alembic import op

revision = "0016_plain_unit_hash"
down_revision = "0015_posting_rowid"
branch_labels = None
depends_on = None

_UNITS_PER_BATCH = 5000
Variants = Sequence[tuple[str, str]]  # (language, text)
Notes = Sequence[tuple[str, str | None, str]]  # (kind, type, text)


def _digest(payload: str) -> str:
    return hashlib.blake2b(payload.encode("utf-8"), digest_size=16).hexdigest()


def _fields_hash(variants: Variants, notes: Notes) -> str:
    parts = [str(len(variants))]
    for lang, text in sorted(variants):
        parts += (lang, str(len(text)), text)
    for kind, type_, text in notes:
        parts += (kind, "-" if type_ is None else str(len(type_)), type_ or "", str(len(text)), text)
    return _digest("\x1f".join(parts))


def _json_hash(variants: Variants, notes: Notes) -> str:
    payload = [sorted([lang, "t", text, []] for lang, text in variants),
               [[kind, type_, text, []] for kind, type_, text in notes]]
    return _digest(json.dumps(payload, ensure_ascii=False))


def _rehash(content_hash: Callable[[Variants, Notes], str]) -> None:
    """Give every plain unit the hash ``content_hash`` computes, a batch of units at a time."""
    conn = op.get_bind()
    last = 0
    while True:
        ids = [i for (i,) in conn.execute(sa.text("SELECT id FROM tm_unit WHERE id > :last ORDER BY id LIMIT :n"),
                                          {"last": last, "n": _UNITS_PER_BATCH})]
        if not ids:
            return
        span = {"lo": ids[0], "hi": ids[-1]}
        last = ids[-1]
        variants = {uid: [(lang, text, markup) for _u, lang, text, markup in rows] for uid, rows in groupby(
            conn.execute(sa.text("SELECT unit_id, lang, text, markup FROM tm_variant WHERE unit_id BETWEEN :lo AND :hi "
                                 "ORDER BY unit_id, position"), span), key=lambda r: r[0])}
        notes = {uid: list(rows) for uid, rows in groupby(
            conn.execute(sa.text("SELECT unit_id, variant_id, kind, type, text, attrs FROM tm_note "
                                 "WHERE unit_id BETWEEN :lo AND :hi ORDER BY unit_id, position"), span),
            key=lambda r: r[0])}
        updates = []
        for uid, unit_variants in variants.items():
            unit_notes = notes.get(uid, [])
            if any(markup is not None for _lang, _text, markup in unit_variants) or any(
                    variant_id is not None or attrs is not None for _u, variant_id, _k, _t, _x, attrs in unit_notes):
                continue  # not plain: its JSON hash stays
            updates.append({"id": uid, "hash": content_hash(
                [(lang, text) for lang, text, _m in unit_variants],
                [(kind, type_, text) for _u, _v, kind, type_, text, _a in unit_notes])})
        if updates:
            conn.execute(sa.text("UPDATE tm_unit SET hash = :hash WHERE id = :id"), updates)


def upgrade() -> None:
    _rehash(_fields_hash)


def downgrade() -> None:
    _rehash(_json_hash)
