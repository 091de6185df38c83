"""SQLAlchemy 2 typed models of the translation memory (migration ``0007_tm``).

A unit is one TMX ``<tu>``; its variants are the ``<tuv>`` elements (one per language, or more
when a file holds several for one language); notes and props of both keep their order. Every TMX
attribute is kept: the common ones in typed columns, the rest in ``attrs``, so export reproduces
them. A variant's matching key is its text case-folded unless ``key`` says otherwise (migration
``0012_variant_keys``, :mod:`tm.keys`); the postings index (``tm_segment``, ``tm_posting``,
``tm_gram_df``; migrations ``0011_tm_postings``, ``0013_posting_parts`` and ``0015_posting_rowid``,
:mod:`tm.postings`) finds the keys to compare.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from glossary.models import Base, utcnow


class TmLang(Base):
    """A canonical language tag met in the TM, numbered small so it fits in a postings code."""

    __tablename__ = "tm_lang"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tag: Mapped[str] = mapped_column(String(35), unique=True)


class TmOrigin(Base):
    """One imported file: its name, format, header and what the import did."""

    __tablename__ = "tm_origin"
    __table_args__ = {"sqlite_autoincrement": True}
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    format: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(Text)
    path: Mapped[str | None] = mapped_column(Text)
    header: Mapped[dict[str, str] | None] = mapped_column(JSON)
    """Header attributes as written (TMX ``<header>``)."""
    header_xml: Mapped[str | None] = mapped_column(Text)
    """The header's ``note``, ``prop`` and ``ude`` children as XML."""
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(100))
    added: Mapped[int] = mapped_column(Integer, default=0)
    merged: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)


class TmUnit(Base):
    """A translation unit (TMX ``<tu>``); identical units share one row through ``hash``."""

    __tablename__ = "tm_unit"
    __table_args__ = {"sqlite_autoincrement": True}  # unit ids are shown to users: never reused
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hash: Mapped[str] = mapped_column(String(32), unique=True, index=True)  # ix_tm_unit_hash (0014)
    """Content hash: variants (language, segment with markup, notes, props) and unit notes and props."""
    origin_id: Mapped[int | None] = mapped_column(ForeignKey("tm_origin.id", ondelete="SET NULL"))
    tuid: Mapped[str | None] = mapped_column(Text)
    srclang: Mapped[str | None] = mapped_column(String(64))
    datatype: Mapped[str | None] = mapped_column(String(64))
    segtype: Mapped[str | None] = mapped_column(String(16))
    creationdate: Mapped[str | None] = mapped_column(String(32))
    creationid: Mapped[str | None] = mapped_column(Text)
    changedate: Mapped[str | None] = mapped_column(String(32))
    changeid: Mapped[str | None] = mapped_column(Text)
    attrs: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """Every other attribute as written (usagecount, o-tmf, foreign attributes in Clark notation ...)."""
    variants: Mapped[list[TmVariant]] = relationship(
        back_populates="unit", cascade="all, delete-orphan", passive_deletes=True, order_by="TmVariant.position")


class TmVariant(Base):
    """A unit's segment in one language (TMX ``<tuv>``)."""

    __tablename__ = "tm_variant"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("tm_unit.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    lang: Mapped[str] = mapped_column(String(35))
    """Canonical BCP 47 tag (``zh-Hans``)."""
    lang_tag: Mapped[str] = mapped_column(String(64))
    """The tag as the file wrote it (``ZH-cn``), written back on export."""
    text: Mapped[str] = mapped_column(Text)
    """The segment as plain text (inline codes left out, ``hi`` text kept): what matching sees."""
    markup: Mapped[str | None] = mapped_column(Text)
    """The ``<seg>`` content with inline elements as XML; NULL when the segment is plain text."""
    creationdate: Mapped[str | None] = mapped_column(String(32))
    creationid: Mapped[str | None] = mapped_column(Text)
    changedate: Mapped[str | None] = mapped_column(String(32))
    changeid: Mapped[str | None] = mapped_column(Text)
    attrs: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    key: Mapped[str | None] = mapped_column(Text)
    """The matching key when it is not :func:`tm.keys.quick_key` of the text (NULL for most)."""
    unit: Mapped[TmUnit] = relationship(back_populates="variants")


class TmNote(Base):
    """A TMX ``<note>`` or ``<prop>`` of a unit (``variant_id`` NULL) or of a variant, in file order."""

    __tablename__ = "tm_note"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("tm_unit.id", ondelete="CASCADE"), index=True)
    variant_id: Mapped[int | None] = mapped_column(ForeignKey("tm_variant.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(4))  # note | prop
    type: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    attrs: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """Other attributes (``xml:lang``, ``o-encoding``)."""


class TmSegment(Base):
    """A segment of the postings index (migration ``0011_tm_postings``): its variant ids and, for
    each, ``lang_id << 20 | key length`` (0 once the variant is deleted), as uint32 arrays."""

    __tablename__ = "tm_segment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    keys: Mapped[int] = mapped_column(Integer)
    vids: Mapped[bytes] = mapped_column(LargeBinary)
    codes: Mapped[bytes] = mapped_column(LargeBinary)
    version: Mapped[int] = mapped_column(Integer, default=0)


class TmPosting(Base):
    """The sorted variant ids (uint32) of one segment's keys containing one gram, in parts (migration
    ``0013_posting_parts``): an import writes a part whenever its buffer fills; the ids of a later
    part are all larger. An ordinary table on SQLite (``0015_posting_rowid``): rows stay in place."""

    __tablename__ = "tm_posting"
    segment: Mapped[int] = mapped_column(Integer, primary_key=True)
    gram: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    part: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    ids: Mapped[bytes] = mapped_column(LargeBinary)


class TmGramDf(Base):
    """How many indexed keys contain a gram."""

    __tablename__ = "tm_gram_df"
    gram: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    df: Mapped[int] = mapped_column(Integer)
