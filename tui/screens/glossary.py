"""The Glossary screen: search as you type, three languages side by side, the full entry, editing."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.worker import get_current_worker

from glossary.errors import SilktermError, ValidationError
from glossary.lookup import Lookup
from glossary.records import ConceptDraft, ConceptRecord, TermDraft
from glossary.service import TermbaseService
from tm.attestations import attestations
from tm.service import TmService
from tui.screens.forms import ConceptForm, ConfirmScreen, MergeForm, StatusForm, TermForm
from tui.widgets.entry import ConceptEntry
from tui.widgets.results import ResultsTable

_LIMIT = 30
_SHORT = {"transliteration": "translit"}  # fits the match column


class GlossaryScreen(Screen):
    """Look up, browse and edit the termbase."""

    BINDINGS = [
        Binding("ctrl+f,slash", "focus_search", "Search"),
        Binding("ctrl+n", "add_concept", "New concept"),
        Binding("ctrl+t", "add_term", "Add term"),
        Binding("ctrl+e", "edit_term", "Edit term"),
        Binding("ctrl+s", "set_status", "Status"),
        Binding("ctrl+d", "delete_term", "Delete term"),
        Binding("ctrl+x", "delete_concept", "Delete concept", show=False),
        Binding("ctrl+g", "merge", "Merge", show=False),
        Binding("ctrl+z", "undo", "Undo"),
    ]

    def __init__(self, service: TermbaseService, lookup: Lookup, tm: TmService | None = None) -> None:
        super().__init__()
        self.service, self.lookup, self.tm = service, lookup, tm
        self.concept_id: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Search in any language: Шанхайской организации · shanghai hezuo · 上合組織 · Tokaev",
                    id="search")
        yield Static("", id="status-line")
        with Horizontal(id="panes"):
            yield ResultsTable(id="results")
            yield ConceptEntry(id="entry")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#search", Input).focus()
        self.run_search("")

    # ---- searching ---------------------------------------------------------------------------
    @on(Input.Changed, "#search")
    def _query_changed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, query: str) -> None:
        """Search (or browse when the box is empty) in a worker; typing never waits for it."""
        try:
            if query.strip():
                hits = self.lookup.search(query, limit=_LIMIT)
                rows = [(h.concept, f"{h.score:.0f} {_SHORT.get(h.matched_by, h.matched_by)}") for h in hits]
                note = f"{len(rows)} concept(s) for {query!r}" if rows else f"nothing matches {query!r}"
            else:
                rows = [(c, "") for c in self.service.list_concepts(limit=_LIMIT)]
                note = f"browsing: first {len(rows)} concepts"
        except ValidationError as exc:
            rows, note = [], str(exc)
        if not get_current_worker().is_cancelled:  # a newer keystroke has taken over
            self.app.call_from_thread(self._show_results, query, rows, note)

    def _show_results(self, query: str, rows: list, note: str) -> None:
        if query != self.query_one("#search", Input).value:
            return  # results of an earlier keystroke that finished late
        self.query_one("#status-line", Static).update(note)
        table = self.query_one("#results", ResultsTable)
        table.show(rows)
        if not rows:
            self.concept_id = None
            self.query_one("#entry", ConceptEntry).show(None, [])
        else:
            self._select(table.selected_concept_id)

    @on(DataTable.RowHighlighted, "#results")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._select(int(event.row_key.value))

    def _select(self, concept_id: int | None) -> None:
        self.concept_id = concept_id
        if concept_id is not None:
            self.load_entry(concept_id)

    @work(thread=True, exclusive=True, group="entry", exit_on_error=False)
    def load_entry(self, concept_id: int) -> None:
        """Fetch the full entry and its history in a worker."""
        try:
            concept, history = self.service.get_concept(concept_id), self.service.history(concept_id, 20)
        except SilktermError:
            concept, history = None, []
        if get_current_worker().is_cancelled:
            return
        self.app.call_from_thread(self._show_entry, concept_id, concept, history)
        if concept is not None and self.tm is not None:  # slower: shown when ready
            found = attestations(self.tm, concept)
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._show_attestations, concept_id, found)

    def _show_entry(self, concept_id: int, concept: ConceptRecord | None, history: list) -> None:
        if concept_id == self.concept_id:
            self.query_one("#entry", ConceptEntry).show(concept, history)

    def _show_attestations(self, concept_id: int, found: list) -> None:
        if concept_id == self.concept_id:
            self.query_one("#entry", ConceptEntry).show_attestations(found)

    def show_concept(self, concept_id: int) -> None:
        """Show one concept: search for its label so it comes first, with its entry open."""
        try:
            label = self.service.get_concept(concept_id).label()
        except SilktermError as exc:
            self.notify(str(exc), severity="error")
            return
        self.query_one("#search", Input).value = label

    def refresh_view(self) -> None:
        """Re-run the current search and reload the entry after a change."""
        self.run_search(self.query_one("#search", Input).value)

    # ---- editing -----------------------------------------------------------------------------
    def _need_concept(self) -> int | None:
        if self.concept_id is None:
            self.notify("Select a concept first", severity="warning")
        return self.concept_id

    def _need_term(self) -> int | None:
        term_id = self.query_one("#entry", ConceptEntry).selected_term_id
        if term_id is None:
            self.notify("Select a term in the entry first (tab to the term list)", severity="warning")
        return term_id

    def _after(self, message: str):  # type: ignore[no-untyped-def]
        def done(saved: bool | None) -> None:
            if saved:
                self.notify(message)
                self.refresh_view()
        return done

    def action_focus_search(self) -> None:
        """Put the cursor in the search box."""
        self.query_one("#search", Input).focus()

    def action_add_concept(self) -> None:
        """Create a concept with its English, Chinese and Russian terms."""
        def save(v: dict[str, Any]) -> None:
            terms = tuple(TermDraft(lang=lang, text=v[lang]) for lang in ("en", "zh-Hans", "ru") if v.get(lang))
            if not terms:
                raise ValidationError("give at least one term")
            created = self.service.add_concept(ConceptDraft(v["category"], terms, definition=v.get("definition")))
            self.query_one("#search", Input).value = created.terms[0].text
        self.app.push_screen(ConceptForm("New concept", save), self._after("concept added"))

    def action_add_term(self) -> None:
        """Add a term (synonym, variant, deprecated form …) to the selected concept."""
        if (cid := self._need_concept()) is None:
            return
        def save(v: dict[str, Any]) -> None:
            self.service.add_term(cid, TermDraft(**{k: val for k, val in v.items() if val is not None}))
        self.app.push_screen(TermForm(f"Add a term to concept {cid}", save), self._after("term added"))

    def action_edit_term(self) -> None:
        """Edit the selected term."""
        if (tid := self._need_term()) is None:
            return
        term = self.service.get_term(tid)
        def save(v: dict[str, Any]) -> None:
            self.service.edit_term(tid, **{k: val for k, val in v.items() if k in ("lang", "text", "status", "type")
                                            or val is not None or getattr(term, k) is not None})
        self.app.push_screen(TermForm(f"Edit term {tid}", save, term.__dict__), self._after("term saved"))

    def action_set_status(self) -> None:
        """Change the selected term's status."""
        if (tid := self._need_term()) is None:
            return
        term = self.service.get_term(tid)
        def save(v: dict[str, Any]) -> None:
            self.service.set_status(tid, v["status"])
        self.app.push_screen(StatusForm(f"Status of {term.text}", save, term.status), self._after("status changed"))

    def action_delete_term(self) -> None:
        """Delete the selected term (undoable)."""
        if (tid := self._need_term()) is None:
            return
        term = self.service.get_term(tid)
        self.app.push_screen(ConfirmScreen(f"Delete the {term.lang} term “{term.text}”?",
                                           lambda _v: self.service.delete_term(tid)), self._after("term deleted"))

    def action_delete_concept(self) -> None:
        """Delete the selected concept with all its terms (undoable)."""
        if (cid := self._need_concept()) is None:
            return
        label = self.service.get_concept(cid).label()
        self.app.push_screen(ConfirmScreen(f"Delete concept {cid} “{label}” and all its terms?",
                                           lambda _v: self.service.delete_concept(cid)), self._after("concept deleted"))

    def action_merge(self) -> None:
        """Merge another concept into the selected one."""
        if (cid := self._need_concept()) is None:
            return
        def save(v: dict[str, Any]) -> None:
            if not v.get("source"):
                raise ValidationError("give the id of the concept to merge")
            self.service.merge(cid, int(v["source"]))
        self.app.push_screen(MergeForm(f"Merge into concept {cid}", save), self._after("concepts merged"))

    def action_undo(self) -> None:
        """Revert the last change (one whole edit, merge, delete or pack load)."""
        try:
            result = self.service.undo()
        except SilktermError as exc:
            self.notify(str(exc), severity="warning")
            return
        self.notify(f"undone: {result.description}")
        self.refresh_view()
