"""The Translation memory screen: fuzzy match for a pasted sentence, with the reasons for every point
lost and the termbase names in it, or a concordance search in any language."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, Select, Static
from textual.worker import get_current_worker

from glossary.errors import SilktermError
from tm.editing import TmEditor
from tm.records import Match, Occurrence, UnitRecord
from tm.service import TmService
from tm.units import load_units
from tui.screens.forms import ConfirmScreen, FormScreen, Save

LANGS = [("English", "en"), ("简体中文", "zh-Hans"), ("繁體中文", "zh-Hant"), ("Русский", "ru")]
MODES = [("fuzzy match", "match"), ("concordance", "search")]
_TERM_STYLE = "bold magenta"


def highlighted(text: str, names: list[str]) -> Text:
    """Segment text with the termbase names in it highlighted (user text is never markup)."""
    out = Text(text)
    out.highlight_words([n for n in names if n], style=_TERM_STYLE, case_sensitive=False)
    return out


class UnitForm(FormScreen):
    """Edit the segments of one unit; a segment with inline codes is shown but cannot be edited here."""

    def __init__(self, title: str, save: Save, unit: UnitRecord) -> None:
        super().__init__(title, save)
        self.unit = unit

    def fields(self) -> ComposeResult:
        for i, v in enumerate(self.unit.variants):
            yield Label(f"{v.lang_tag}" + ("  (inline codes: edit in your CAT tool)" if v.markup else ""))
            yield Input(value=v.text, id=f"seg-{i}", disabled=v.markup is not None)

    def values(self) -> dict[str, Any]:
        return {v.lang: self.query_one(f"#seg-{i}", Input).value for i, v in enumerate(self.unit.variants)
                if v.markup is None}


class TmScreen(Screen):
    """Search the translation memory."""

    BINDINGS = [Binding("ctrl+e", "edit_unit", "Edit unit"), Binding("ctrl+d", "delete_unit", "Delete unit")]

    def __init__(self, tm: TmService) -> None:
        super().__init__()
        self.tm = tm
        self.editor = TmEditor(tm.db)
        self.matches: list[Match] = []
        self.results: list[Match | Occurrence] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Paste a sentence to match, or text to find in the TM", id="tm-query")
        with Horizontal(id="tm-options"):
            yield Select(MODES, value="match", allow_blank=False, id="tm-mode")
            yield Select(LANGS, value="en", allow_blank=False, id="tm-from", prompt="from")
            yield Select(LANGS, value="ru", allow_blank=False, id="tm-to", prompt="to")
        yield Static("", id="tm-status")
        yield DataTable(id="tm-results", cursor_type="row", zebra_stripes=True)
        yield Static("", id="tm-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#tm-query", Input).focus()
        self._columns("match")

    def _columns(self, mode: str) -> None:
        table = self.query_one("#tm-results", DataTable)
        table.clear(columns=True)
        names = ("score", "source", "target") if mode == "match" else ("lang", "segment", "other languages")
        for name in names:
            table.add_column(name, key=name, width=7 if name in ("score", "lang") else None)

    @on(Input.Changed, "#tm-query")
    @on(Select.Changed)
    def _changed(self) -> None:
        self.run_query(self.query_one("#tm-query", Input).value, str(self.query_one("#tm-mode", Select).value),
                       str(self.query_one("#tm-from", Select).value), str(self.query_one("#tm-to", Select).value))

    @work(thread=True, exclusive=True, group="tm", exit_on_error=False)
    def run_query(self, text: str, mode: str, source: str, target: str) -> None:
        """Match or search in a worker."""
        result: list = []
        units, _variants = self.tm.counts()
        note = f"{units:,} units in the translation memory"
        if text.strip():
            try:
                if mode == "match":
                    result = self.tm.match(text, source_lang=source, target_lang=target, min_score=50, limit=10)
                    note = f"{len(result)} match(es) ≥ 50 %"
                else:
                    result = self.tm.search(text, limit=50)
                    note = f"{len(result)} segment(s) containing {text!r}"
            except SilktermError as exc:
                note = str(exc)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, text, mode, result, note)

    def _show(self, text: str, mode: str, result: list, note: str) -> None:
        if text != self.query_one("#tm-query", Input).value:
            return  # a superseded query
        self.query_one("#tm-status", Static).update(note)
        self._columns(mode)
        table = self.query_one("#tm-results", DataTable)
        self.matches = result if mode == "match" else []
        self.results = result
        for i, item in enumerate(result):
            if isinstance(item, Match):
                names = [t.source_term for t in item.terms]
                table.add_row(Text(f"{item.score:.0f}%", style="bold"), highlighted(item.source.text, names),
                              highlighted(item.target.text, [t.target_term or "" for t in item.terms]), key=str(i))
            elif isinstance(item, Occurrence):
                others = Text(" | ".join(f"{v.lang}: {v.text}" for v in item.others), style="dim")
                table.add_row(Text(item.variant.lang), highlighted(item.variant.text, [text]), others, key=str(i))
        self._detail(0 if self.matches else None)

    @on(DataTable.RowHighlighted, "#tm-results")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail(int(event.row_key.value) if self.matches else None)

    def _detail(self, index: int | None) -> None:
        detail = self.query_one("#tm-detail", Static)
        if index is None or index >= len(self.matches):
            detail.update("")
            return
        m = self.matches[index]
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        lost = Text()
        for p in m.penalties:
            lost.append(f"−{p.points:g} {p.reason}", style="yellow")
            lost.append(f" {p.detail}  " if p.detail else "  ")
        grid.add_row(f"{m.score:.0f}%", lost if m.penalties else Text("exact match", style="green"))
        for t in m.terms:
            name = Text(t.source_term, style=_TERM_STYLE)
            name.append(" → ")
            name.append(t.target_term or "(no approved term)", style="bold" if t.target_term else "red")
            grid.add_row("term", name)
        detail.update(grid)

    # ---- editing -------------------------------------------------------------------------------------
    def _selected_unit(self) -> UnitRecord | None:
        table = self.query_one("#tm-results", DataTable)
        if not self.results or table.cursor_row is None or table.cursor_row >= len(self.results):
            self.notify("Select a unit in the results first", severity="warning")
            return None
        unit_id = self.results[table.cursor_row].unit_id
        with self.tm.db.read() as s:
            unit = load_units(s, [unit_id]).get(unit_id)
        if unit is None:
            self.notify(f"unit {unit_id} no longer exists", severity="warning")
        return unit

    def _changed_tm(self, message: str):  # type: ignore[no-untyped-def]
        def done(saved: bool | None) -> None:
            if saved:
                self.tm.index.forget()
                self.notify(message)
                self._changed()
        return done

    def action_edit_unit(self) -> None:
        """Edit the segments of the highlighted unit (matching and search follow at once)."""
        if (unit := self._selected_unit()) is None:
            return

        def save(texts: dict[str, Any]) -> None:
            self.editor.edit_segments(unit.id, texts)

        self.app.push_screen(UnitForm(f"Edit translation unit {unit.id}", save, unit),
                             self._changed_tm(f"unit {unit.id} saved"))

    def action_delete_unit(self) -> None:
        """Delete the highlighted unit after a confirmation."""
        if (unit := self._selected_unit()) is None:
            return
        first = unit.variants[0].text if unit.variants else ""
        self.app.push_screen(ConfirmScreen(f"Delete translation unit {unit.id} “{first[:60]}”?",
                                           lambda _v: self.editor.delete_units([unit.id])),
                             self._changed_tm(f"unit {unit.id} deleted"))
