"""``silkterm candidates …``: extract names from documents and approve, merge or reject them."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table
from rich.text import Text

from glossary.candidates import STATES, CandidateRecord, CandidateService
from glossary.cli.context import AppContext
from glossary.cli.render import console, print_json
from glossary.vocab import Category, Status, TermType


def _service(app: AppContext) -> CandidateService:
    return CandidateService(app.service, app.lookup)


def _json(c: CandidateRecord) -> dict:
    return {"id": c.id, "lang": c.lang, "text": c.text, "frequency": c.frequency, "state": c.state,
            "concept_id": c.concept_id, "score": c.score, "forms": dict(c.forms),
            "places": [{"file": f, "line": n, "context": ctx} for f, n, ctx in c.places]}


def _table(rows: list[CandidateRecord]) -> Table:
    table = Table(show_lines=False, header_style="bold")
    for name, justify in (("id", "right"), ("lang", "left"), ("candidate", "left"), ("seen", "right"),
                          ("closest concept", "left"), ("first place", "left")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for c in rows:
        where = f"{Path(c.places[0][0]).name}:{c.places[0][1]}" if c.places else ""
        near = f"{c.concept_id} ({c.score:.0f})" if c.concept_id and c.score else ""
        table.add_row(str(c.id), c.lang, Text(c.text), str(c.frequency), near, Text(where))
    return table


@click.group("candidates")
def candidates_group() -> None:
    """Names found in documents that are not in the termbase yet: extract, review, decide."""


@candidates_group.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the stored queue as JSON.")
@click.pass_obj
def candidates_extract(app: AppContext, files: tuple[Path, ...], as_json: bool) -> None:
    """Extract candidate names from documents (txt, md, html) or bilingual files (TMX, PO, XLIFF …).

    Names already in the termbase (in the same language) are left out; names rejected before stay
    rejected. Each new candidate gets the closest existing concept as a suggestion.

    \b
    Example:
      silkterm candidates extract statements/*.txt
    """
    from sources.candidates import extract_from_files

    drafts = extract_from_files(files)
    service = _service(app)
    report = service.add(drafts)
    click.echo(f"{len(drafts)} names found: {report.added} new candidates, {report.updated} seen again, "
               f"{report.known} already terms, {report.rejected} rejected before", err=True)
    if as_json:
        print_json([_json(c) for c in service.list("new")])


@candidates_group.command("list")
@click.option("--state", type=click.Choice([*STATES, "all"]), default="new", show_default=True)
@click.option("--limit", type=click.IntRange(1, 100_000), default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def candidates_list(app: AppContext, state: str, limit: int, as_json: bool) -> None:
    """List candidates, most frequent first.

    \b
    Example:
      silkterm candidates list --limit 20
    """
    rows = _service(app).list(None if state == "all" else state, limit=limit)
    if as_json:
        print_json([_json(c) for c in rows])
    else:
        console().print(_table(rows))


@candidates_group.command("approve")
@click.argument("candidate_id", type=int)
@click.option("--category", type=click.Choice([c.value for c in Category]), default="other", show_default=True)
@click.option("--text", help="Store this corrected text instead of the candidate as found.")
@click.pass_obj
def candidates_approve(app: AppContext, candidate_id: int, category: str, text: str | None) -> None:
    """Create a concept with the candidate as its preferred term.

    \b
    Example:
      silkterm candidates approve 12 --category place
    """
    concept = _service(app).approve(candidate_id, category=category, text=text)
    click.echo(f"candidate {candidate_id} approved as concept {concept.id} ({concept.label()})", err=True)


@candidates_group.command("merge")
@click.argument("candidate_id", type=int)
@click.argument("concept_id", type=int)
@click.option("--status", type=click.Choice([s.value for s in Status]), default="admitted", show_default=True)
@click.option("--type", "type_", type=click.Choice([t.value for t in TermType]), default="variant",
              show_default=True)
@click.pass_obj
def candidates_merge(app: AppContext, candidate_id: int, concept_id: int, status: str, type_: str) -> None:
    """Add the candidate to an existing concept (an admitted variant unless told otherwise).

    \b
    Example:
      silkterm candidates merge 7 176 --status deprecated --type erroneous
    """
    term = _service(app).merge(candidate_id, concept_id, status=status, type=type_)
    click.echo(f"candidate {candidate_id} added to concept {concept_id} as term {term.id} ({term.status})",
               err=True)


@candidates_group.command("reject")
@click.argument("candidate_ids", type=int, nargs=-1, required=True)
@click.pass_obj
def candidates_reject(app: AppContext, candidate_ids: tuple[int, ...]) -> None:
    """Reject candidates; later extractions will not propose them again.

    \b
    Example:
      silkterm candidates reject 3 4 9
    """
    service = _service(app)
    for candidate_id in candidate_ids:
        service.reject(candidate_id)
    click.echo(f"rejected {len(candidate_ids)} candidate(s)", err=True)
