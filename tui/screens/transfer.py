"""Import and export dialogs: the work runs in a worker with a progress bar; an import is one
transaction, so a refused file leaves the database as it was and the dialog says why."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, Select

from glossary.db import Database
from glossary.errors import SilktermError
from sources.exporter import FORMATS, GLOSSARY_FORMATS, export_glossary, export_tm
from sources.importer import import_files

_CSS = """
TransferScreen { align: center middle; }
TransferScreen > Vertical { width: 90; height: auto; border: thick $accent; background: $surface; padding: 0 1; }
TransferScreen Label.title { text-style: bold; }
TransferScreen #result { height: auto; margin-top: 1; }
TransferScreen #result.error { color: $error; }
TransferScreen Horizontal { height: auto; align-horizontal: right; }
TransferScreen Horizontal.choices > Select { width: 1fr; }
"""
_FORMAT_NAMES = {"tmx": "TMX 1.4b", "po": "PO (gettext)", "csv": "CSV (UTF-8, Excel)", "tbx": "TBX v3 (TBX-Basic)",
                 "tbx2": "TBX v2 (martif)"}
_SUFFIX = {"tbx2": "tbx"}


class TransferScreen(ModalScreen[bool]):
    """Base: a title, inputs, a progress bar, a result line, Run / Close."""

    DEFAULT_CSS = _CSS
    BINDINGS = [Binding("escape", "close", "Close")]
    run_label = "Run"

    def __init__(self, db: Database, author: str) -> None:
        super().__init__()
        self.db, self.author, self.changed = db, author, False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text(), classes="title")
            yield from self.inputs()
            yield ProgressBar(id="progress", show_eta=False)
            yield Label("", id="result")
            with Horizontal():
                yield Button(self.run_label, id="run", variant="primary")
                yield Button("Close", id="close")

    def title_text(self) -> str:
        """The dialog title (subclasses)."""
        return ""

    def inputs(self) -> ComposeResult:
        """The dialog's inputs (subclasses)."""
        yield from ()

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def report(self, text: str, *, error: bool = False) -> None:
        """Show the outcome."""
        label = self.query_one("#result", Label)
        label.update(text)
        label.set_class(error, "error")
        self.query_one("#run", Button).disabled = False

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        """Close the dialog (True if the database changed)."""
        self.dismiss(self.changed)

    @on(Button.Pressed, "#run")
    @on(Input.Submitted)
    def _run(self) -> None:
        self.query_one("#run", Button).disabled = True
        self.query_one("#result", Label).update("working …")
        self.start()

    def start(self) -> None:
        """Start the worker (subclasses)."""


class ImportScreen(TransferScreen):
    """Import TMX files into the translation memory."""

    run_label = "Import"

    def title_text(self) -> str:
        return ("Import files (TMX, PO, XLIFF → translation memory; TBX, CSV → termbase); "
                "several separated by ;")

    def inputs(self) -> ComposeResult:
        yield Input(placeholder="/path/to/memory.tmx; /path/to/more.tmx", id="paths")

    def start(self) -> None:
        raw = self.query_one("#paths", Input).value
        paths = [Path(p.strip()).expanduser() for p in raw.split(";") if p.strip()]
        self.run_import(paths)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def run_import(self, paths: list[Path]) -> None:
        """Import in a worker, moving the progress bar by bytes read."""
        bar = self.query_one("#progress", ProgressBar)

        def progress(_path: Path, done: int, total: int) -> None:
            self.app.call_from_thread(bar.update, total=total, progress=done)

        try:
            if not paths:
                raise SilktermError("give at least one file")
            missing = [str(p) for p in paths if not p.is_file()]
            if missing:
                raise SilktermError(f"{missing[0]}: no such file")
            reports = import_files(self.db, paths, author=self.author, progress=progress)
        except SilktermError as exc:
            self.app.call_from_thread(self.report, f"{exc} — nothing was imported", error=True)
            return
        self.changed = True
        self.app.call_from_thread(self.report, "\n".join(r.summary() for r in reports))


class ExportScreen(TransferScreen):
    """Export the translation memory (TMX, PO, CSV) or the termbase (TBX, PO, CSV)."""

    run_label = "Export"

    def title_text(self) -> str:
        return "Export the translation memory or the termbase"

    def inputs(self) -> ComposeResult:
        with Horizontal(classes="choices"):
            yield Select([("translation memory", "tm"), ("termbase", "glossary")], value="tm", allow_blank=False,
                         id="data")
            yield Select(self._formats("tm"), value="tmx", allow_blank=False, id="format")
        yield Input(placeholder="/path/to/out.tmx", id="path")
        yield Input(value="en,zh-Hans,ru", placeholder="languages (empty: all; PO: source,target)", id="langs")

    @staticmethod
    def _formats(data: str) -> list[tuple[str, str]]:
        return [(_FORMAT_NAMES[f], f) for f in (FORMATS if data == "tm" else GLOSSARY_FORMATS)]

    @on(Select.Changed, "#data")
    def _data_changed(self, event: Select.Changed) -> None:
        formats = self._formats(str(event.value))
        choice = self.query_one("#format", Select)
        choice.set_options(formats)
        choice.value = formats[0][1] if event.value == "tm" else "tbx"

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        if event.value is Select.BLANK:
            return
        self.query_one("#path", Input).placeholder = f"/path/to/out.{_SUFFIX.get(str(event.value), event.value)}"
        if event.value == "po":
            self.query_one("#langs", Input).value = "en,ru"

    def start(self) -> None:
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        langs = [lang.strip() for lang in self.query_one("#langs", Input).value.split(",") if lang.strip()]
        data, fmt = str(self.query_one("#data", Select).value), str(self.query_one("#format", Select).value)
        self.query_one("#progress", ProgressBar).update(total=None)
        self.run_export(path, data, fmt, langs)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def run_export(self, path: Path, data: str, fmt: str, langs: list[str]) -> None:
        """Export in a worker."""
        try:
            if not path.name:
                raise SilktermError("give the file to write")
            export = export_tm if data == "tm" else export_glossary
            result = export(self.db, path, fmt=fmt, langs=langs)
        except SilktermError as exc:
            self.app.call_from_thread(self.report, str(exc), error=True)
            return
        bar = self.query_one("#progress", ProgressBar)
        self.app.call_from_thread(bar.update, total=1, progress=1)
        what = "units" if data == "tm" else "concepts"
        self.app.call_from_thread(self.report, f"{result.units:,} {what} written to {result.path} "
                                               f"({', '.join(result.languages)})")
