"""``silkterm check``: the consistency review of documents, bilingual files and the TM."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from glossary.checks import html_report
from glossary.checks.catalog import BY_ID, CHECKS
from glossary.checks.records import CheckReport, Finding
from glossary.cli.context import AppContext
from glossary.cli.render import console, print_json
from glossary.errors import SilktermError, ValidationError

_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}
FAIL_ON = ("error", "warning", "never")


def exit_code(report: CheckReport, fail_on: str) -> int:
    """1 when open findings reach the ``--fail-on`` severity, else 0."""
    if fail_on == "never":
        return 0
    failing = ("error",) if fail_on == "error" else ("error", "warning")
    return 1 if any(f.severity in failing for f in report.open_findings()) else 0


def findings_tables(findings: list[Finding]) -> list[Table]:
    """One rich table per check, findings in file/line order; user text never parsed as markup."""
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        groups[f.check].append(f)
    tables = []
    for info in CHECKS:
        found = groups.get(info.id)
        if not found:
            continue
        title = Text(f"{info.id} ", style=_STYLE.get(info.severity, ""))
        title.append(f"({info.severity}, {len(found)}): {info.explanation}", style="")
        table = Table(title=title, title_justify="left", show_lines=True, header_style="bold")
        for name, kw in (("id", {"justify": "right"}), ("where", {"no_wrap": True}), ("text", {"ratio": 1}),
                         ("expected", {"ratio": 1}), ("message / context", {"ratio": 2})):
            table.add_column(name, **kw)
        for f in found:
            detail = Text(f.message)
            if f.context:
                detail.append("\n" + f.context, style="dim")
            where = f"{Path(f.file).name}:{f.line}" if f.line else Path(f.file).name
            table.add_row(str(f.id or ""), Text(where), Text(f.text), Text(f.expected or ""), detail)
        tables.append(table)
    return tables


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--tm", "tm", is_flag=True, help="Also check every unit of the translation memory.")
@click.option("--termbase", is_flag=True, help="Also self-check the termbase (missing languages, duplicates).")
@click.option("--json", "as_json", is_flag=True, help="Print {findings: [...], summary: {...}} as JSON.")
@click.option("--html", "html_path", type=click.Path(path_type=Path), help="Write a self-contained HTML report.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True,
              help="Exit 1 when open findings of this severity (or worse) remain.")
@click.option("--all", "show_all", is_flag=True, help="Also show findings ignored or accepted earlier.")
@click.pass_obj
def check_cmd(app: AppContext, paths: tuple[Path, ...], tm: bool, termbase: bool, as_json: bool,
              html_path: Path | None, fail_on: str, show_all: bool) -> None:
    """Check names and numbers in documents (txt, md, html), bilingual files (TMX ...) and the TM.

    Every name is checked against the termbase: deprecated and forbidden forms, key terms left
    untranslated, one concept written several ways across the set, near-variants of known names,
    plus numbers and dates, mixed scripts and Traditional characters in Simplified Chinese.
    Findings are stored: a re-run keeps what was ignored or accepted (review them in the TUI).
    A file that cannot be read is reported and the others are still checked.

    \b
    Examples:
      silkterm check declaration-2025.txt speech.html
      silkterm check translated.tmx --json --fail-on warning
      silkterm check --tm --termbase --html review.html
    """
    from sources.bilingual import review_service

    if not paths and not tm and not termbase:
        raise ValidationError("check: give files to check, --tm or --termbase")
    service = review_service(app.db)
    report = service.run(list(paths), tm=tm, termbase=termbase)
    if report.summary.files == 0:
        if len(report.errors) == 1:
            raise SilktermError(report.errors[0].message)
        for err in report.errors:
            click.echo(f"silkterm: error: {err.message}", err=True)
        raise SilktermError(f"nothing could be checked ({len(report.errors)} files refused)")
    for err in report.errors:
        click.echo(f"silkterm: error: {err.message} (not checked)", err=True)
    shown = list(report.findings) if show_all else report.open_findings()
    if html_path is not None:
        html_report.write(report, html_path)
    if as_json:
        print_json({"findings": [f.as_json() for f in shown], "summary": report.summary.as_json(),
                    "errors": [{"file": e.path, "message": e.message} for e in report.errors]})
    else:
        _print_report(shown, report)
    code = exit_code(report, fail_on)
    if code:
        raise FindingsFailed(f"open findings at --fail-on {fail_on} level (exit {code})")


class FindingsFailed(SilktermError):
    """Open findings reached the ``--fail-on`` severity: exit code 1 for CI pipelines."""

    exit_code = 1


def _print_report(shown: list[Finding], report: CheckReport) -> None:
    out = console()
    for table in findings_tables(shown):
        out.print(table)
    s = report.summary
    counts = ", ".join(f"{n} {sev}" for sev, n in s.by_severity.items()) or "no open findings"
    checks = ", ".join(f"{k} {v}" for k, v in sorted(s.by_check.items(), key=lambda kv: list(BY_ID).index(kv[0])))
    Console(stderr=True, highlight=False).print(Text(
        f"checked {s.files} input(s), {s.segments} segment(s): {counts}"
        + (f" ({checks})" if checks else "")
        + (f"; {s.suppressed} ignored/accepted earlier" if s.suppressed else "")
        + (f"; {s.fixed} fixed since the last run" if s.fixed else "")))


