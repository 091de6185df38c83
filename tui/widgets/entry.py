"""The selected concept's full entry: fields, every term with status and type, recent history."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static
from textual.widgets.data_table import ColumnKey

from glossary.records import ChangeRecord, ConceptRecord, TermRecord
from tm.attestations import Attestation

_SYMBOL = {"preferred": "★", "deprecated": "⚠", "superseded": "⚠", "forbidden": "✗"}
_STATUS_STYLE = {"preferred": "bold green", "admitted": "", "deprecated": "yellow", "superseded": "yellow",
                 "forbidden": "bold red"}


def _marked(text: str, term: str) -> Text:
    """The segment with the term in it underlined (case-insensitive; user text is never markup)."""
    out = Text(text)
    out.highlight_words([term], style="underline", case_sensitive=False)
    return out


class ConceptEntry(VerticalScroll):
    """Shows one concept; the term table's row key is the term id."""

    def compose(self) -> ComposeResult:
        yield Static(id="entry-head")
        yield DataTable(id="entry-terms", cursor_type="row", zebra_stripes=True)
        yield Static(id="entry-term-detail")
        yield Static(id="entry-notes")
        yield Static(id="entry-attestations")
        yield Static(id="entry-history")

    def on_mount(self) -> None:
        table = self.query_one("#entry-terms", DataTable)
        table.add_column("lang", key="lang", width=7)
        table.add_column("term", key="term", width=30)
        self._terms: dict[str, TermRecord] = {}
        self.show(None, [])

    def on_resize(self) -> None:
        """Give the term column all the width the pane has."""
        table = self.query_one("#entry-terms", DataTable)
        column = table.columns[ColumnKey("term")]
        # lang column 7 + cell padding 2 per column + scrollbar 2 + pane padding 2
        column.auto_width, column.width = False, max(12, self.size.width - 7 - 4 - 2 - 2)
        table._require_update_dimensions = True
        table.refresh()

    @on(DataTable.RowHighlighted, "#entry-terms")
    def _term_highlighted(self, event: DataTable.RowHighlighted) -> None:
        term = self._terms.get(str(event.row_key.value))
        detail = Text()
        if term is not None:
            detail.append(term.status, style=_STATUS_STYLE.get(term.status) or "bold")
            detail.append(f" · {term.type}", style="cyan")
            for extra in (term.gender, term.number):
                if extra:
                    detail.append(f" · {extra}", style="cyan")
            if term.note:
                detail.append(f"\n{term.note}")
            if term.source:
                detail.append(f"\nsource: {term.source}", style="dim")
        self.query_one("#entry-term-detail", Static).update(detail)

    def show(self, concept: ConceptRecord | None, history: list[ChangeRecord]) -> None:
        """Display ``concept`` (None: an empty entry)."""
        head = self.query_one("#entry-head", Static)
        table = self.query_one("#entry-terms", DataTable)
        table.clear()
        if concept is None:
            head.update(Text("No concept selected. Type to search; ctrl+n adds a concept.", style="dim"))
            self.query_one("#entry-attestations", Static).display = False
            for part in ("#entry-history", "#entry-term-detail", "#entry-notes"):
                self.query_one(part, Static).update("")
            return
        head.update(Text.assemble((f"concept {concept.id}", "bold"), f" · {concept.category}",
                                  f" · {concept.subject}" if concept.subject else ""))
        self.query_one("#entry-notes", Static).update(self._notes(concept))
        self._terms = {str(t.id): t for t in concept.terms}
        for t in concept.terms:
            style = _STATUS_STYLE.get(t.status, "")
            cell = Text(t.text, style=style)
            if t.status in _SYMBOL:  # a symbol, not only colour; the detail line says it in words
                cell.append(f" {_SYMBOL[t.status]}", style=style)
            table.add_row(Text(t.lang), cell, key=str(t.id))
        self.query_one("#entry-history", Static).update(self._history(history))
        self.query_one("#entry-attestations", Static).display = False

    def show_attestations(self, found: list[Attestation]) -> None:
        """Where the concept's terms occur in the TM, each with the unit's other languages."""
        out = Text()
        if found:
            out.append("in the translation memory\n", style="bold")
        for a in found:
            out.append(f"{a.lang} ", style="dim")
            out.append(a.term, style=_STATUS_STYLE.get(a.status, "") or "bold")
            out.append(f"  unit {a.occurrence.unit_id}\n", style="dim")
            out.append("  ")
            out.append_text(_marked(a.occurrence.variant.text, a.term))
            out.append("\n")
            for other in a.occurrence.others[:2]:
                out.append(f"  {other.lang}: ", style="dim")
                out.append(other.text + "\n")
        if found:
            out.append("\n")
        shown = self.query_one("#entry-attestations", Static)
        shown.update(out)
        shown.display = bool(found)

    @staticmethod
    def _notes(c: ConceptRecord) -> Table:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        for label, value in (("code", c.code), ("definition", c.definition), ("note", c.note)):
            if value:
                grid.add_row(label, Text(value))
        if c.sources:
            grid.add_row("sources", Text("; ".join(c.sources)))
        grid.add_row("modified", Text(f"{c.modified_at:%Y-%m-%d %H:%M} by {c.modified_by}"))
        return grid

    @staticmethod
    def _history(changes: list[ChangeRecord]) -> Text:
        out = Text("history\n", style="bold")
        for ch in changes[:8]:
            state = ch.after or ch.before or {}
            label = state.get("text") or state.get("category") or ""
            out.append(f"{ch.at:%Y-%m-%d %H:%M} {ch.author}: {ch.action} {ch.entity} ", style="dim")
            out.append(f"{label}\n")
        return out

    @property
    def selected_term_id(self) -> int | None:
        """The term id of the highlighted term row."""
        table = self.query_one("#entry-terms", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key is not None else None
