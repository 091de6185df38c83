"""The search-results table: one row per concept, English / 中文 / Русский side by side."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from glossary.records import ConceptRecord, TermRecord

_MARK = {"deprecated": "⚠", "superseded": "⚠", "forbidden": "✗"}
LANG_COLUMNS = (("en", "English"), ("zh-Hans", "中文"), ("ru", "Русский"))


def best_term(concept: ConceptRecord, lang: str) -> TermRecord | None:
    """The term to show for a language: preferred, else the first approved one, else any."""
    terms = concept.terms_in(lang) or (concept.terms_in("zh-Hant") if lang == "zh-Hans" else [])
    return next((t for t in terms if t.status == "preferred"), None) or next(
        (t for t in terms if t.status == "admitted"), terms[0] if terms else None)


def term_cell(term: TermRecord | None) -> Text:
    """A term as a table cell; user text is a Text, never parsed as markup."""
    if term is None:
        return Text("—", style="dim")
    cell = Text(term.text, style="bold" if term.status == "preferred" else "")
    if term.status in _MARK:
        cell.append(f" {_MARK[term.status]}", style="yellow")
    return cell


class ResultsTable(DataTable):
    """Concepts found by a search (or browsed), best first; the row key is the concept id."""

    #: share of the free width per language column
    _SHARES = {"en": 0.38, "zh-Hans": 0.24, "ru": 0.38}

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self.add_column("match", key="match", width=14)
        for lang, title in LANG_COLUMNS:
            self.add_column(title, key=lang, width=20)

    def on_resize(self) -> None:
        """Share the width among the language columns (CJK cells count double: rich measures them)."""
        free = max(self.size.width - 14 - 2 * (len(LANG_COLUMNS) + 1) - 2, 3 * 8)
        for lang, share in self._SHARES.items():
            column = self.columns[ColumnKey(lang)]
            column.auto_width, column.width = False, max(8, int(free * share))
        self._require_update_dimensions = True  # the table caches its virtual size
        self.refresh()

    def show(self, rows: list[tuple[ConceptRecord, str]]) -> None:
        """Replace the rows: (concept, how it matched)."""
        self.clear()
        for concept, match in rows:
            cells = [Text(match, style="cyan")]
            cells += [term_cell(best_term(concept, lang)) for lang, _ in LANG_COLUMNS]
            self.add_row(*cells, key=str(concept.id))

    @property
    def selected_concept_id(self) -> int | None:
        """The concept id of the highlighted row."""
        if self.row_count == 0:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return int(key) if key is not None else None
