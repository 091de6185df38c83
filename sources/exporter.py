"""Exporting the TM to a file: streamed from one read transaction, written to a temporary file that
replaces the target only when complete."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from glossary.db import Database
from glossary.errors import ValidationError
from glossary.languages import canonical
from glossary.service import TermbaseService
from sources.atomic import write_atomically
from sources.delimited import write_tm_csv
from sources.glossary_exchange import export_glossary as write_glossary_file
from sources.po_write import export_glossary_po, export_tm_po
from sources.tmx import header_children, write_tmx
from sources.tmx_export import write_tmx_from_db
from tm.units import iter_unit_texts, iter_units, origin_headers, resolve_languages, stored_languages

FORMATS = ("tmx", "po", "csv")
#: Formats the termbase can be exported to.
GLOSSARY_FORMATS = ("po", "tbx", "tbx2", "csv")


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote."""

    path: Path
    units: int
    languages: tuple[str, ...]


def _tool_version() -> str:
    try:
        return version("silkterm")
    except PackageNotFoundError:
        return "dev"


def export_tm(db: Database, path: Path, *, fmt: str = "tmx", langs: Sequence[str] = ()) -> ExportReport:
    """Write the units with variants in ``langs`` (every language when empty) to ``path``.

    Each unit keeps only the variants in the requested languages; units with none are left out.
    """
    if fmt not in FORMATS:
        raise ValidationError(f"export format {fmt!r} is not available yet (silkterm exports {', '.join(FORMATS)})")
    with db.read() as session:
        if fmt == "po":
            count = write_atomically(path, lambda out: export_tm_po(session, out, langs, _tool_version()))
            return ExportReport(path, count, tuple(sorted(resolve_languages(session, langs))))
        if fmt == "csv":
            return _export_tm_csv(session, path, langs)
        wanted = resolve_languages(session, langs) if langs else set(stored_languages(session))
        if langs and not wanted:
            raise ValidationError(f"the translation memory has no units in {', '.join(langs)}")
        srclang = canonical(langs[0]) if langs else "*all*"
        header = header_children(origin_headers(session))
        if db.is_sqlite:  # the fast path renders XML in SQLite's SQL (json_each, string functions)
            count = write_atomically(path, lambda out: write_tmx_from_db(
                out, session, wanted if langs else None, srclang=srclang, tool_version=_tool_version(),
                header=header), binary=True)
        else:
            count = write_atomically(path, lambda out: write_tmx(out, iter_units(session, wanted), srclang=srclang,
                                                                   tool_version=_tool_version(), header=header))
    return ExportReport(path, count, tuple(sorted(wanted)))


def export_glossary(db: Database, path: Path, *, fmt: str = "po", langs: Sequence[str] = ()) -> ExportReport:
    """Write the termbase's concepts to ``path`` (PO: one entry per concept for the pair ``langs``)."""
    if fmt not in GLOSSARY_FORMATS:
        raise ValidationError(f"termbase export to {fmt!r} is not available (silkterm exports the termbase to "
                              f"{', '.join(GLOSSARY_FORMATS)})")
    if fmt in ("tbx", "tbx2", "csv"):
        count, chosen = write_glossary_file(db, path, fmt=fmt, langs=langs)
        return ExportReport(path, count, tuple(chosen))
    service = TermbaseService(db)
    with db.read() as session:
        count = write_atomically(path, lambda out: export_glossary_po(session, service, out, langs,
                                                                       _tool_version()))
    return ExportReport(path, count, tuple(canonical(t) for t in langs))


def _export_tm_csv(session, path: Path, langs: Sequence[str]) -> ExportReport:  # type: ignore[no-untyped-def]
    """The TM as CSV: a column per language (``langs`` order, else every stored language)."""
    wanted = resolve_languages(session, langs) if langs else set(stored_languages(session))
    if langs and not wanted:
        raise ValidationError(f"the translation memory has no units in {', '.join(langs)}")
    order = [canonical(t) for t in langs if canonical(t) in wanted] + sorted(wanted - {canonical(t) for t in langs})
    count = write_atomically(path, lambda out: write_tm_csv(out, iter_unit_texts(session, wanted), order),
                             binary=True)
    return ExportReport(path, count, tuple(order))
