"""The Candidates screen: names found in documents that are not terms yet — approve, merge, reject."""

from __future__ import annotations

import glob
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Select, Static

from glossary.candidates import STATES, CandidateRecord, CandidateService
from glossary.errors import SilktermError, ValidationError
from glossary.vocab import Category, Status, TermType
from sources.candidates import extract_from_files
from tui.screens.forms import FormScreen, _options

_FILTERS = (*STATES, "all")


class ApproveForm(FormScreen):
    """Approve a candidate as a new concept: its category, and the text corrected if need be."""

    def __init__(self, title: str, save: Any, text: str) -> None:
        super().__init__(title, save)
        self.text = text

    def fields(self) -> ComposeResult:
        yield Select(_options(Category), value="other", allow_blank=False, id="category")
        yield Input(value=self.text, placeholder="preferred term", id="text")

    def values(self) -> dict[str, Any]:
        return {"category": self._value("#category"), "text": self._value("#text")}


class MergeCandidateForm(FormScreen):
    """Add a candidate to an existing concept, with the status and type it gets there."""

    def __init__(self, title: str, save: Any, concept_id: int | None) -> None:
        super().__init__(title, save)
        self.concept_id = concept_id

    def fields(self) -> ComposeResult:
        yield Input(value=str(self.concept_id or ""), placeholder="concept id", id="concept", type="integer")
        with Horizontal(classes="pair"):
            yield Select(_options(Status), value="admitted", allow_blank=False, id="status")
            yield Select(_options(TermType), value="variant", allow_blank=False, id="type")

    def on_mount(self) -> None:
        self.query_one("#concept", Input).focus()

    def values(self) -> dict[str, Any]:
        return {name: self._value(f"#{name}") for name in ("concept", "status", "type")}


class ExtractForm(FormScreen):
    """Files (or glob patterns) to extract candidates from."""

    def fields(self) -> ComposeResult:
        yield Input(placeholder="files or patterns, e.g. statements/*.txt joint.tmx", id="paths")

    def on_mount(self) -> None:
        self.query_one("#paths", Input).focus()

    def values(self) -> dict[str, Any]:
        return {"paths": self._value("#paths")}


def expand_paths(spec: str | None) -> list[Path]:
    """Paths from a space-separated list of files and glob patterns; ValidationError if none exist."""
    paths: list[Path] = []
    for part in (spec or "").split():
        found = sorted(glob.glob(str(Path(part).expanduser())))
        if not found:
            raise ValidationError(f"{part}: no such file")
        paths += [Path(p) for p in found]
    if not paths:
        raise ValidationError("give at least one file")
    return paths


def detail(c: CandidateRecord, concept_label: str | None) -> Text:
    """The candidate's forms, suggestion and places (user text is never markup)."""
    out = Text()
    out.append(c.text, style="bold")
    out.append(f"  {c.lang} · seen {c.frequency}× · {c.state}\n")
    if len(c.forms) > 1:
        out.append("forms: ", style="dim")
        out.append(", ".join(f"{form} ({n})" for form, n in c.forms) + "\n")
    if c.concept_id is not None:
        verb = "closest concept" if c.state == "new" else "concept"
        score = f", score {c.score:.0f}" if c.score and c.state == "new" else ""
        out.append(f"{verb}: ", style="dim")
        out.append(f"{c.concept_id} {concept_label or ''}{score}\n")
    for file, line, context in c.places:
        out.append(f"{Path(file).name}:{line}  ", style="cyan")
        out.append(context + "\n")
    return out


class CandidatesScreen(Screen):
    """Work through the candidate queue."""

    BINDINGS = [
        Binding("a", "approve", "Approve"),
        Binding("m", "merge", "Merge into concept"),
        Binding("r", "reject", "Reject"),
        Binding("u", "reopen", "Reopen", show=False),
        Binding("o", "extract", "Extract from files"),
        Binding("j", "jump", "Go to concept"),
        Binding("s", "cycle_state", "Show state"),
    ]

    def __init__(self, candidates: CandidateService) -> None:
        super().__init__()
        self.candidates = candidates
        self.state = "new"
        self.rows: list[CandidateRecord] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="cand-status")
        with Horizontal(id="cand-panes"):
            yield DataTable(id="cand-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="cand-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#cand-table", DataTable)
        for name, width in (("id", 5), ("lang", 7), ("candidate", None), ("seen", 5), ("closest", 8)):
            table.add_column(name, key=name, width=width)
        self.refresh_rows()
        table.focus()

    def on_screen_resume(self) -> None:
        self.refresh_rows()

    # ---- data ----------------------------------------------------------------------------------------
    def refresh_rows(self, keep: int | None = None) -> None:
        """Reload the queue in the current state filter; keep the cursor near row ``keep``."""
        try:
            self.rows = self.candidates.list(None if self.state == "all" else self.state)
        except SilktermError as exc:
            self.notify(str(exc), severity="error")
            return
        table = self.query_one("#cand-table", DataTable)
        table.clear()
        for c in self.rows:
            near = str(c.concept_id) if c.concept_id is not None else ""
            table.add_row(str(c.id), c.lang, Text(c.text), str(c.frequency), near, key=str(c.id))
        self.query_one("#cand-status", Static).update(
            f"{len(self.rows)} candidate(s) · showing {self.state} · a approve · m merge · r reject · o extract")
        if self.rows:
            table.move_cursor(row=min(keep or 0, len(self.rows) - 1))
        self._show_detail()

    def current(self) -> CandidateRecord | None:
        """The highlighted candidate."""
        table = self.query_one("#cand-table", DataTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    @on(DataTable.RowHighlighted, "#cand-table")
    def _show_detail(self) -> None:
        c = self.current()
        label = None
        if c is not None and c.concept_id is not None:
            try:
                label = self.candidates.service.get_concept(c.concept_id).label()
            except SilktermError:
                label = "(deleted)"
        self.query_one("#cand-detail", Static).update(detail(c, label) if c else Text("no candidates"))

    # ---- actions -------------------------------------------------------------------------------------
    def _decided(self, message: str) -> None:
        row = self.query_one("#cand-table", DataTable).cursor_row
        self.notify(message)
        self.refresh_rows(keep=row)

    def action_approve(self) -> None:
        """Approve the highlighted candidate as a new concept."""
        c = self.current()
        if c is None:
            return

        def save(v: dict[str, Any]) -> None:
            concept = self.candidates.approve(c.id, category=v["category"] or "other", text=v["text"])
            self._decided(f"approved as concept {concept.id}")

        self.app.push_screen(ApproveForm(f"Approve {c.text!r} as a new concept", save, c.text))

    def action_merge(self) -> None:
        """Add the highlighted candidate to a concept (the suggested one by default)."""
        c = self.current()
        if c is None:
            return

        def save(v: dict[str, Any]) -> None:
            if not v["concept"]:
                raise ValidationError("concept id: give the concept to add this name to")
            term = self.candidates.merge(c.id, int(v["concept"]), status=v["status"], type=v["type"])
            self._decided(f"added to concept {term.concept_id} as {term.status}")

        self.app.push_screen(MergeCandidateForm(f"Add {c.text!r} to a concept", save, c.concept_id))

    def action_reject(self) -> None:
        """Reject the highlighted candidate."""
        c = self.current()
        if c is None:
            return
        try:
            self.candidates.reject(c.id)
        except SilktermError as exc:
            self.notify(str(exc), severity="error")
            return
        self._decided(f"rejected {c.text}")

    def action_reopen(self) -> None:
        """Put a rejected candidate back in the queue."""
        c = self.current()
        if c is None:
            return
        try:
            self.candidates.reopen(c.id)
        except SilktermError as exc:
            self.notify(str(exc), severity="error")
            return
        self._decided(f"reopened {c.text}")

    def action_jump(self) -> None:
        """Open the suggested (or resulting) concept on the Glossary screen."""
        c = self.current()
        if c is None or c.concept_id is None:
            self.notify("No concept to show for this candidate", severity="warning")
            return
        self.app.show_concept(c.concept_id)  # type: ignore[attr-defined]

    def action_cycle_state(self) -> None:
        """Show the next state: new → approved → merged → rejected → all."""
        self.state = _FILTERS[(_FILTERS.index(self.state) + 1) % len(_FILTERS)]
        self.refresh_rows()

    def action_extract(self) -> None:
        """Ask for files and extract candidates from them in a worker."""

        def save(v: dict[str, Any]) -> None:
            self.run_extract(expand_paths(v["paths"]))

        self.app.push_screen(ExtractForm("Extract candidates from documents or bilingual files", save))

    @work(thread=True, exclusive=True, group="extract", exit_on_error=False)
    def run_extract(self, paths: list[Path]) -> None:
        """Read, extract and store in a worker; report on the screen."""
        status = self.query_one("#cand-status", Static)
        self.app.call_from_thread(status.update, f"extracting from {len(paths)} file(s)…")
        try:
            drafts = extract_from_files(paths)
            report = self.candidates.add(drafts)
        except SilktermError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            self.app.call_from_thread(self.refresh_rows)
            return
        message = (f"{report.added} new candidate(s), {report.updated} seen again, "
                   f"{report.known} already terms, {report.rejected} rejected before")
        self.app.call_from_thread(self.notify, message)
        self.app.call_from_thread(self.refresh_rows)
