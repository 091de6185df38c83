"""Moving the termbase in and out of files (TBX, CSV/TSV): readers to the bulk writer, rows to writers.

An import runs inside the caller's write transaction (the importer's, shared with TM files) through
one :class:`~glossary.bulk.BulkWriter`, so every glossary file of one command is one undoable batch.
Each file is an *origin* (``format:file name``); its entries remember which concept they became, so
importing the same file again adds nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from glossary.bulk import BulkConcept, BulkEntryError, BulkResult, BulkWriter
from glossary.db import Database, param_mark
from glossary.errors import SourceFormatError, ValidationError
from glossary.languages import canonical, matches
from sources.atomic import write_atomically

#: Concepts read per query while exporting.
EXPORT_CHUNK = 1000
GLOSSARY_EXPORTS = ("tbx", "tbx2", "csv")


@dataclass(frozen=True)
class GlossaryReport:
    """What importing one glossary file did."""

    path: Path
    format: str
    result: BulkResult

    def summary(self) -> str:
        """One line for the terminal."""
        r = self.result
        extra = [f"{n} {what}" for n, what in ((r.unchanged, "already in the termbase"),
                                               (r.demoted, "second preferred terms stored as admitted"),
                                               (r.dropped_terms, "repeated terms dropped"),
                                               (r.shared_preferred, "preferred terms also preferred elsewhere"))
                 if n]
        more = f"; {', '.join(extra)}" if extra else ""
        return f"{self.path}: {r.added} concepts added ({r.terms} terms) to the termbase{more}"


def import_glossary_file(writer: BulkWriter, path: Path, fmt: str, concepts: Callable[[], Iterator[BulkConcept]],
                         ) -> GlossaryReport:
    """Add the concepts a reader yields for ``path``; errors name the file and the entry's line."""
    try:
        result = writer.add(concepts(), origin=f"{fmt}:{path.name}")
    except BulkEntryError as exc:
        raise SourceFormatError(str(path), exc.line, exc.detail) from None
    return GlossaryReport(path, fmt, result)


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _when(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


_CONCEPT_COLUMNS = ("id", "category", "subject", "definition", "note", "sources", "code", "attrs",
                    "created_at", "created_by", "modified_at", "modified_by")
_TERM_COLUMNS = ("id", "concept_id", "lang", "text", "status", "type", "note", "source", "gender", "number",
                 "attrs", "created_at", "created_by", "modified_at", "modified_by")


def iter_concept_rows(session: Session) -> Iterator[dict[str, Any]]:
    """Every concept as a dict of its columns with ``terms`` (term dicts, by id), by concept id."""
    conn = session.connection()
    mark = param_mark(conn)
    last = 0
    while True:
        rows = conn.exec_driver_sql(
            f"SELECT {', '.join(_CONCEPT_COLUMNS)} FROM concept WHERE id > {mark} ORDER BY id LIMIT {EXPORT_CHUNK}",
            (last,)).all()
        if not rows:
            return
        ids = tuple(r[0] for r in rows)
        terms: dict[int, list[dict[str, Any]]] = {}
        marks = ",".join([mark] * len(ids))
        for row in conn.exec_driver_sql(
                f"SELECT {', '.join(_TERM_COLUMNS)} FROM term WHERE concept_id IN ({marks}) ORDER BY id", ids):
            t = dict(zip(_TERM_COLUMNS, row, strict=True))
            t.update(attrs=_json(t["attrs"]), created_at=_when(t["created_at"]), modified_at=_when(t["modified_at"]))
            terms.setdefault(t["concept_id"], []).append(t)
        for row in rows:
            c = dict(zip(_CONCEPT_COLUMNS, row, strict=True))
            c.update(sources=_json(c["sources"]) or [], attrs=_json(c["attrs"]), created_at=_when(c["created_at"]),
                     modified_at=_when(c["modified_at"]), terms=terms.get(c["id"], []))
            yield c
        last = ids[-1]


def stored_term_languages(session: Session) -> list[str]:
    """The language tags of the termbase's terms."""
    return [r[0] for r in session.connection().exec_driver_sql("SELECT DISTINCT lang FROM term ORDER BY lang")]


def resolve_term_languages(session: Session, langs: Sequence[str]) -> set[str] | None:
    """The stored tags a ``--langs`` list selects (``zh`` covers zh-Hans and zh-Hant); None for all."""
    if not langs:
        return None
    wanted = [canonical(tag) for tag in langs]
    found = {s for s in stored_term_languages(session) if any(matches(s, w) for w in wanted)}
    if not found:
        raise ValidationError(f"the termbase has no terms in {', '.join(langs)}")
    return found


def export_glossary(db: Database, path: Path, *, fmt: str = "tbx", langs: Sequence[str] = ()) -> tuple[int, list[str]]:
    """Write the termbase to ``path`` as ``tbx`` (TBX-Basic v3), ``tbx2`` (v2 martif) or ``csv``; returns
    (concepts, languages)."""
    if fmt not in GLOSSARY_EXPORTS:
        raise ValidationError(f"the termbase exports as {', '.join(GLOSSARY_EXPORTS)}, not {fmt!r}")
    with db.read() as session:
        wanted = resolve_term_languages(session, langs)
        chosen = sorted(wanted) if wanted is not None else stored_term_languages(session)
        rows = iter_concept_rows(session)
        if fmt in ("tbx", "tbx2"):
            from sources import tbx_write

            write = tbx_write.write_tbx if fmt == "tbx" else tbx_write.write_tbx2
            count = write_atomically(path, lambda out: write(out, rows, langs=wanted), binary=True)
        else:
            from sources import delimited

            order = [canonical(t) for t in langs] if langs else []
            columns = [t for t in order if t in chosen] + [t for t in chosen if t not in order]
            count = write_atomically(path, lambda out: delimited.write_glossary_csv(out, rows, columns),
                                     binary=True)
    return count, chosen
