"""Editing and deleting stored TM units, keeping the matching index and content hashes right.

An edited segment gets a new variant id: the postings index is append-only per variant id
(:mod:`tm.postings`), so the old id is taken out of matching and the new text indexed under the
new one; the variant's notes and props move with it. A segment with inline codes is not edited
here (the codes would be lost): such a unit is edited in a CAT tool and imported again. TMX
``changedate``/``changeid`` of the variant and unit record who changed it and when.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime

from glossary import languages
from glossary.db import Database
from glossary.errors import NotFoundError, SilktermError, ValidationError
from glossary.service import current_author
from tm.keys import MAX_VARIANT, match_key, stored_key
from tm.postings import PostingWriter, remove_variants
from tm.records import UnitDraft, UnitRecord, VariantRecord
from tm.retired import retire, retired_high
from tm.units import load_units

_IN_CHUNK = 900


def tmx_now() -> str:
    """Now as a TMX date (``YYYYMMDDThhmmssZ``)."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


class TmEditor:
    """Changes to stored units, each in its own write transaction."""

    def __init__(self, db: Database, author: str | None = None) -> None:
        self.db = db
        self.author = author or current_author()

    def edit_segment(self, unit_id: int, lang: str, text: str) -> UnitRecord:
        """Replace the text of a unit's segment in ``lang``; returns the unit as stored now."""
        return self.edit_segments(unit_id, {lang: text})

    def edit_segments(self, unit_id: int, texts: Mapping[str, str]) -> UnitRecord:
        """Replace the text of several segments of one unit ({language: text}) in one transaction.

        Raises:
            NotFoundError: no such unit, or no segment in a given language.
            ValidationError: empty text, a segment with inline codes, or a unit that would become
                identical to another stored unit. Nothing is changed then.
        """
        wanted = {languages.canonical(lang): text.strip() for lang, text in texts.items()}
        if any(not text for text in wanted.values()):
            raise ValidationError("segment text must not be empty")
        with self.db.write() as s:
            conn = s.connection()
            unit = load_units(s, [unit_id]).get(unit_id)
            if unit is None:
                raise NotFoundError(f"translation unit {unit_id} does not exist")
            changed = {}
            for tag, text in wanted.items():
                old = unit.variant(tag)
                if old is None:
                    raise NotFoundError(f"unit {unit_id} has no {tag} segment")
                if old.text == text:
                    continue
                if old.markup is not None:
                    raise ValidationError(f"unit {unit_id}: the {tag} segment has inline codes; edit it in your "
                                          f"CAT tool and import it again")
                changed[old.id] = (old, text)
            if not changed:
                return unit
            edited = [replace(v, text=changed[v.id][1]) if v.id in changed else v for v in unit.variants]
            digest = UnitDraft(variants=tuple(edited), attrs=unit.attrs, annotations=unit.annotations).content_hash()
            twin = conn.exec_driver_sql("SELECT id FROM tm_unit WHERE hash = ? AND id != ?",
                                        (digest, unit_id)).scalar()
            if twin is not None:
                raise ValidationError(f"unit {unit_id} would become identical to unit {twin}; delete one of them")
            now = tmx_now()
            for old, text in changed.values():
                self._replace(conn, old, text, now)
            conn.exec_driver_sql("UPDATE tm_unit SET hash = ?, changedate = ?, changeid = ? WHERE id = ?",
                                 (digest, now, self.author, unit_id))
            return load_units(s, [unit_id])[unit_id]

    def _replace(self, conn, old: VariantRecord, text: str, now: str) -> None:  # type: ignore[no-untyped-def]
        """The segment under a new variant id, notes moved, the old id out of matching."""
        new_id = self._new_variant_id(conn)
        conn.exec_driver_sql(
            "INSERT INTO tm_variant (id, unit_id, position, lang, lang_tag, text, markup, creationdate, "
            "creationid, changedate, changeid, attrs, key) SELECT ?, unit_id, position, lang, lang_tag, ?, NULL, "
            "creationdate, creationid, ?, ?, attrs, ? FROM tm_variant WHERE id = ?",
            (new_id, text, now, self.author, stored_key(text, match_key(text)), old.id))
        conn.exec_driver_sql("UPDATE tm_note SET variant_id = ? WHERE variant_id = ?", (new_id, old.id))
        self._unindex(conn, [old])
        conn.exec_driver_sql("DELETE FROM tm_variant WHERE id = ?", (old.id,))
        self._index(conn, new_id, old.lang, text)

    def delete_units(self, unit_ids: Iterable[int]) -> int:
        """Delete units (with their segments, notes and props); returns how many were deleted.

        Raises NotFoundError, changing nothing, if any of the ids does not exist.
        """
        ids = sorted(set(unit_ids))
        if not ids:
            raise ValidationError("give at least one unit id")
        with self.db.write() as s:
            conn = s.connection()
            found = load_units(s, ids)
            missing = [i for i in ids if i not in found]
            if missing:
                raise NotFoundError(f"translation unit {missing[0]} does not exist")
            self._unindex(conn, [v for u in found.values() for v in u.variants])
            for start in range(0, len(ids), _IN_CHUNK):
                chunk = tuple(ids[start:start + _IN_CHUNK])
                conn.exec_driver_sql(f"DELETE FROM tm_unit WHERE id IN ({','.join('?' * len(chunk))})", chunk)
            return len(ids)

    @staticmethod
    def _new_variant_id(conn) -> int:  # type: ignore[no-untyped-def]
        top = max(conn.exec_driver_sql("SELECT max(id) FROM tm_variant").scalar() or 0, retired_high(conn))
        if top + 1 > MAX_VARIANT:
            raise SilktermError("the translation memory is full (4 billion segments)")
        return top + 1

    @staticmethod
    def _unindex(conn, variants: list[VariantRecord]) -> None:  # type: ignore[no-untyped-def]
        """Take variants out of matching and retire their ids for good (their rows go with them)."""
        if not variants:
            return
        remove_variants(conn, [v.id for v in variants])
        retire(conn, max(v.id for v in variants))

    @staticmethod
    def _index(conn, variant_id: int, lang: str, text: str) -> None:  # type: ignore[no-untyped-def]
        lang_id = conn.exec_driver_sql("SELECT id FROM tm_lang WHERE tag = ?", (lang,)).scalar()
        writer = PostingWriter(conn)
        writer.add(variant_id, lang_id, match_key(text))
        writer.finish()
