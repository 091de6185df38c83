"""The help screen: what each key does and how lookup matches."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

_KEYS = [
    ("type", "search as you type in English, Chinese (简/繁, pinyin) or Russian (any case form)"),
    ("↑ ↓ / tab", "move in the results; tab to the entry's term list"),
    ("ctrl+f or /", "back to the search box"),
    ("ctrl+n", "new concept (English, 中文, Русский)"),
    ("ctrl+t", "add a term to the selected concept"),
    ("ctrl+e", "edit the selected term"),
    ("ctrl+s", "change the selected term's status"),
    ("ctrl+d", "delete the selected term"),
    ("ctrl+x", "delete the selected concept"),
    ("ctrl+g", "merge another concept into the selected one"),
    ("ctrl+z", "undo the last change"),
    ("f2 / f3", "Glossary / Translation memory screen"),
    ("f4", "Review: findings of the consistency checks — c check files, f fixed, i ignore, "
           "a accept as variant, o reopen, j open the concept, s show another state"),
    ("f7", "Candidates: names found in documents — o extract from files, a approve as a new concept, j concept, "
           "m merge into a concept, r reject, u reopen, s show another state"),
    ("f5 / f6", "import files (TMX, PO, XLIFF, TBX, CSV) / export"),
    ("ctrl+p", "command palette"),
    ("f1", "this help"),
    ("ctrl+q", "quit"),
]


class HelpScreen(ModalScreen[None]):
    """Key bindings and lookup kinds."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90; height: auto; max-height: 90%; border: thick $accent;
                                  background: $surface; padding: 1 2; }
    """
    BINDINGS = [Binding("escape,f1,q", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        table = Table(title="silkterm keys", show_header=False, expand=True)
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for key, what in _KEYS:
            table.add_row(key, what)
        with VerticalScroll():
            yield Static(table)
            yield Static("Matches are labelled exact, normalized, lemma, pinyin, translit(eration), prefix, "
                         "substring or fuzzy, with a score. In an entry ★ marks the preferred term, ⚠ a "
                         "deprecated or superseded one and ✗ a forbidden one; the line under the terms gives "
                         "the highlighted term's status, type, grammar and note in words.")
