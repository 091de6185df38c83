"""The Textual app: wiring only. Services come in through :func:`make_app`, shared by CLI and tests."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from glossary.candidates import CandidateService
from glossary.checks.service import ReviewService
from glossary.lookup import Lookup
from glossary.service import TermbaseService
from glossary.text.chinese import load_readings
from sources.bilingual import review_service
from tm.service import TmService
from tui.screens.candidates import CandidatesScreen
from tui.screens.glossary import GlossaryScreen
from tui.screens.help import HelpScreen
from tui.screens.review import ReviewScreen
from tui.screens.tm import TmScreen
from tui.screens.transfer import ExportScreen, ImportScreen


class SilktermApp(App[None]):
    """silkterm's terminal UI."""

    TITLE = "silkterm"
    SUB_TITLE = "English · 中文 · Русский"
    CSS_PATH = Path(__file__).with_name("app.tcss")
    BINDINGS = [Binding("f1", "help", "Help"), Binding("f2", "show('glossary')", "Glossary"),
                Binding("f3", "show('tm')", "Memory"),
                Binding("f4", "show('review')", "Review"), Binding("f7", "show('candidates')", "Candidates"),
                Binding("f5", "import_files", "Import"),
                Binding("f6", "export_tm", "Export"), Binding("ctrl+q", "quit", "Quit")]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    def __init__(self, service: TermbaseService, lookup: Lookup, tm: TmService,
                 candidates: CandidateService, review: ReviewService) -> None:
        super().__init__()
        self.service, self.lookup, self.tm = service, lookup, tm
        self.candidates, self.review = candidates, review

    def on_mount(self) -> None:
        self.install_screen(GlossaryScreen(self.service, self.lookup, self.tm), name="glossary")
        self.install_screen(TmScreen(self.tm), name="tm")
        self.install_screen(ReviewScreen(self.review), name="review")
        self.install_screen(CandidatesScreen(self.candidates), name="candidates")
        self.push_screen("glossary")
        self.run_worker(load_readings, thread=True, group="warm-up", exit_on_error=False)

    def action_show(self, name: str) -> None:
        """Switch to a named screen: glossary, tm, review, candidates (each keeps its state)."""
        if self.screen is not self.get_screen(name):
            self.switch_screen(name)

    def show_concept(self, concept_id: int) -> None:
        """Open a concept on the Glossary screen (from a finding or a candidate)."""
        self.action_show("glossary")
        glossary = self.get_screen("glossary")
        assert isinstance(glossary, GlossaryScreen)
        glossary.show_concept(concept_id)

    def action_import_files(self) -> None:
        """Open the import dialog; refresh the screen behind it if anything was imported."""
        self.push_screen(ImportScreen(self.service.db, self.service.author), self._after_transfer)

    def action_export_tm(self) -> None:
        """Open the export dialog."""
        self.push_screen(ExportScreen(self.service.db, self.service.author))

    def _after_transfer(self, changed: bool | None) -> None:
        if changed:
            self.tm.index.forget()
            self.notify("import finished")

    def action_help(self) -> None:
        """Show the keys."""
        self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette (ctrl+p): the app's own commands plus Textual's."""
        yield from super().get_system_commands(screen)
        if isinstance(screen, GlossaryScreen):
            for title, help_, action in (
                ("New concept", "Create a concept with English, Chinese and Russian terms", screen.action_add_concept),
                ("Add term", "Add a term to the selected concept", screen.action_add_term),
                ("Merge concepts", "Merge another concept into the selected one", screen.action_merge),
                ("Undo", "Revert the last change", screen.action_undo),
            ):
                yield SystemCommand(title, help_, action)
        yield SystemCommand("Review", "Findings of the consistency checks; check files",
                            lambda: self.action_show("review"))
        yield SystemCommand("Candidates", "Approve, merge or reject names found in documents",
                            lambda: self.action_show("candidates"))
        yield SystemCommand("Import TMX", "Import translation memory files", self.action_import_files)
        yield SystemCommand("Export TMX", "Export the translation memory", self.action_export_tm)
        yield SystemCommand("Help", "Keys and lookup kinds", self.action_help)


def make_app(service: TermbaseService, lookup: Lookup | None = None, tm: TmService | None = None) -> SilktermApp:
    """Build the app over open services (the CLI and the tests share this)."""
    lookup = lookup or Lookup(service.db, service)
    return SilktermApp(service, lookup, tm or TmService(service.db), CandidateService(service, lookup),
                       review_service(service.db, author=service.author))
