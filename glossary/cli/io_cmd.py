"""``silkterm import`` and ``silkterm export``: exchange files in and out of the translation memory."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn, TransferSpeedColumn

from glossary.cli.context import AppContext
from glossary.service import current_author
from sources.exporter import FORMATS as EXPORT_FORMATS
from sources.exporter import GLOSSARY_FORMATS, export_glossary, export_tm
from sources.importer import IMPORTABLE, ProgressHook, import_files

#: Below this many bytes an import is quick enough to need no progress bar.
LONG_RUN_BYTES = 4 << 20


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


@contextmanager
def progress_bar(paths: tuple[Path, ...]) -> Iterator[ProgressHook | None]:
    """A rich progress bar on stderr for long imports at a terminal; None otherwise."""
    err = Console(stderr=True)
    if not err.is_terminal or sum(map(_size, paths)) < LONG_RUN_BYTES:
        yield None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
               TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        tasks: dict[Path, int] = {}

        def hook(path: Path, done: int, total: int) -> None:
            if path not in tasks:
                tasks[path] = progress.add_task(path.name, total=total)
            progress.update(tasks[path], completed=done)

        yield hook


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(IMPORTABLE), help="Read as this format instead of detecting it.")
@click.option("--into", type=click.Choice(["glossary", "tm"]), default=None,
              help="Where CSV/TSV rows go: the termbase (default; a concept per row) or the TM (a unit per row).")
@click.option("--langs", help="Languages of the columns of a CSV/TSV file without a header row, e.g. en,ru.")
@click.pass_obj
def import_cmd(app: AppContext, files: tuple[Path, ...], fmt: str | None, into: str | None,
               langs: str | None) -> None:
    """Import translation memories and bilingual files into the TM: TMX 1.1–1.4b, gettext PO/POT, XLIFF 1.x/2.0.

    The format is read from the content, not the file name. All FILES are one transaction: if
    any is malformed, nothing is imported. Units already in the TM are merged, not duplicated.
    PO: one unit per entry (msgctxt, plural forms, flags, comments, references and obsolete
    entries kept); the target language comes from the Language header or the file name.
    XLIFF: one unit per trans-unit (2.0: per segment), inline codes, ids, states and notes kept.

    \b
    Examples:
      silkterm import omegat/project_save.tmx joint-statements-2025.tmx
      silkterm import po/ru.po po/zh_CN.po
      silkterm import review/statement.en-ru.xlf
      silkterm import termbase.tbx glossary.csv       # TBX and CSV go to the termbase
      silkterm import --into tm --langs en,ru pairs.tsv

    TBX (v2 martif and v3, DCA or DCT) and CSV/TSV go to the termbase as one undoable batch
    (silkterm term undo); an entry already imported from a file of that name, or one the termbase
    already holds (same category, subject, definition and terms), is not added again.
    CSV/TSV: a header row naming the languages (en, English, zh-CN, 中文, Русский ...) and
    optionally note, definition, category, status, source; several terms in a cell separated by |.
    """
    with progress_bar(files) as hook:
        reports = import_files(app.db, files, author=current_author(), fmt=fmt, progress=hook, into=into,
                               langs=[t.strip() for t in (langs or "").split(",") if t.strip()])
    for report in reports:
        click.echo(report.summary())


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(tuple(dict.fromkeys([*EXPORT_FORMATS, *GLOSSARY_FORMATS]))),
              default="tmx", show_default=True, help="File format.")
@click.option("--langs", help="Comma-separated languages to export (default: every language; PO: exactly "
                                "two, source and target).")
@click.option("--data", type=click.Choice(["tm", "glossary"]), default=None,
              help="What to export: the translation memory or the termbase (default: tm).")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), help="File to write.")
@click.pass_obj
def export_cmd(app: AppContext, fmt: str, langs: str | None, data: str | None, output: Path) -> None:
    """Export the translation memory (TMX 1.4b, valid against the LISA DTD; or gettext PO for one
    language pair) or, with --data glossary, the termbase (PO).

    Original language tags, attributes, notes, props and inline codes are written back. With
    --langs, units keep only those languages and units with none of them are left out. PO: one
    entry per unit (msgctxt, plural forms, flags and comments of units read from PO come back),
    the target language's Plural-Forms, accepted by msgfmt --check; the termbase gives one entry
    per concept (msgctxt concept:ID, preferred terms, the rest in comments).

    \b
    Examples:
      silkterm export --format tmx --langs en,zh-Hans,ru -o joint-statements.tmx
      silkterm export --format po --langs en,ru -o joint-statements.ru.po
      silkterm export --format po --data glossary --langs en,zh-Hans -o glossary.zh_Hans.po
      silkterm export --format tbx --langs en,zh-Hans,ru -o termbase.tbx
      silkterm export --format csv --data glossary -o termbase.csv
      silkterm export --format tbx2 -o termbase-v2.tbx   # TBX v2 martif, for older tools

    TBX: TBX-Basic v3 (DCA), the whole termbase with statuses, types, notes, history; what
    TBX-Basic has no field for travels in notes that silkterm reads back. CSV: UTF-8 with a BOM,
    a column per language; cells starting with = + - @ get a leading ' (formula injection).
    """
    wanted = [tag.strip() for tag in (langs or "").split(",") if tag.strip()]
    if (data or ("glossary" if fmt in ("tbx", "tbx2") else "tm")) == "glossary":  # a TBX file holds the termbase
        if fmt not in GLOSSARY_FORMATS:
            raise click.UsageError(f"--data glossary: the termbase exports to {', '.join(GLOSSARY_FORMATS)}")
        report = export_glossary(app.db, output, fmt=fmt, langs=wanted)
        click.echo(f"exported {report.units} concepts ({', '.join(report.languages)}) to {report.path}", err=True)
        return
    report = export_tm(app.db, output, fmt=fmt, langs=wanted)
    click.echo(f"exported {report.units} units ({', '.join(report.languages) or 'no languages'}) to {report.path}",
               err=True)
