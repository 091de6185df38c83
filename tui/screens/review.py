"""The Review screen: the findings of ``silkterm check`` grouped by check, worked through with one key each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Checkbox, Footer, Header, Input, Static, Tree

from glossary.checks.records import STATES, CheckInfo, Finding
from glossary.checks.service import ReviewService
from glossary.errors import SilktermError, ValidationError
from tui.screens.candidates import expand_paths
from tui.screens.forms import FormScreen

_FILTERS = (*STATES, "all")
_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


class RunCheckForm(FormScreen):
    """What to check: files or patterns, and whether to check the TM and the termbase too."""

    def fields(self) -> ComposeResult:
        yield Input(placeholder="files or patterns, e.g. statements/*.txt joint.tmx", id="paths")
        with Horizontal(classes="pair"):
            yield Checkbox("the translation memory", id="tm")
            yield Checkbox("the termbase itself", id="termbase")

    def on_mount(self) -> None:
        self.query_one("#paths", Input).focus()

    def values(self) -> dict[str, Any]:
        return {"paths": self._value("#paths"), "tm": self.query_one("#tm", Checkbox).value,
                "termbase": self.query_one("#termbase", Checkbox).value}


def finding_label(f: Finding) -> Text:
    """One tree line: the form, what is expected, then where (user text is never markup)."""
    out = Text()
    out.append(f.text)
    if f.expected:
        out.append(" → ", style="dim")
        out.append(f.expected, style="green")
    out.append(f"  {Path(f.file).name}:{f.line}" if f.line else f"  {Path(f.file).name}", style="dim cyan")
    if f.state != "open":
        out.append(f"  [{f.state}]", style="dim")
    return out


def finding_detail(f: Finding, info: CheckInfo | None) -> Text:
    """The full finding: check, message, form, expected, context and every place."""
    out = Text()
    out.append(f"{f.severity} ", style=_SEVERITY_STYLE.get(f.severity, ""))
    out.append(f"{f.check}", style="bold")
    out.append(f" · {f.state}\n", style="dim")
    if info:
        out.append(info.explanation + "\n", style="dim")
    out.append("\n" + f.message + "\n\n")
    out.append("found     ", style="dim")
    out.append(f.text + (f"  ({f.lang})" if f.lang else "") + "\n")
    if f.expected:
        out.append("expected  ", style="dim")
        out.append(f.expected + "\n", style="green")
    if f.concept_id is not None:
        out.append("concept   ", style="dim")
        out.append(f"{f.concept_id}  (j: open it in the glossary)\n")
    out.append("where     ", style="dim")
    out.append(f.where() + "\n")
    if f.context:
        out.append("\n" + f.context + "\n")
    if len(f.places) > 1:
        out.append(f"\n{len(f.places)} places:\n", style="dim")
        for p in f.places:
            out.append(f"  {p.where()}  ", style="cyan")
            out.append(p.text + "\n")
    return out


class ReviewScreen(Screen):
    """Work through the stored findings of consistency checks."""

    BINDINGS = [
        Binding("c", "run_check", "Check files"),
        Binding("f", "mark('fixed')", "Fixed"),
        Binding("i", "mark('ignored')", "Ignore"),
        Binding("a", "accept", "Accept as variant"),
        Binding("o", "mark('open')", "Reopen", show=False),
        Binding("j", "jump", "Go to concept"),
        Binding("s", "cycle_state", "Show state"),
    ]

    def __init__(self, review: ReviewService) -> None:
        super().__init__()
        self.review = review
        self.state = "open"
        self.findings: dict[int, Finding] = {}
        self.infos = {c.id: c for c in review.checks()}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="review-status")
        with Horizontal(id="review-panes"):
            yield Tree("findings", id="review-tree")
            yield Static("", id="review-detail")
        yield Footer()

    def on_mount(self) -> None:
        tree = self.query_one("#review-tree", Tree)
        tree.show_root = False
        tree.guide_depth = 2
        self.reload()
        tree.focus()

    def on_screen_resume(self) -> None:
        self.reload(keep=self.current())

    # ---- data ------------------------------------------------------------------------------------------
    def reload(self, keep: Finding | None = None) -> None:
        """Rebuild the tree from the stored findings in the current state filter."""
        try:
            found = self.review.findings(None if self.state == "all" else self.state)
        except SilktermError as exc:
            self.notify(str(exc), severity="error")
            return
        self.findings = {f.id: f for f in found}
        tree = self.query_one("#review-tree", Tree)
        tree.clear()
        groups: dict[str, list[Finding]] = {}
        for f in found:
            groups.setdefault(f.check, []).append(f)
        target: Any = None
        for check, items in groups.items():
            severity = items[0].severity
            label = Text.assemble((f"{check} ", _SEVERITY_STYLE.get(severity, "")), (f"({len(items)})", "dim"))
            node = tree.root.add(label, expand=True, data=None)
            for f in items:
                leaf = node.add_leaf(finding_label(f), data=f.id)
                if keep is not None and f.id == keep.id:
                    target = leaf
        counts = ", ".join(f"{check} {len(items)}" for check, items in groups.items())
        self.query_one("#review-status", Static).update(
            f"{len(found)} {self.state} finding(s)" + (f": {counts}" if counts else "")
            + " · c check files · f fixed · i ignore · a accept as variant · j concept · s state")
        first = tree.root.children[0].children[0] if found else None
        # the tree lays its lines out on the next refresh; only then can the cursor go to a node
        self.call_after_refresh(self._place_cursor, target or first)

    def _place_cursor(self, node: Any) -> None:
        if node is not None:
            self.query_one("#review-tree", Tree).move_cursor(node)
        self._show()

    def current(self) -> Finding | None:
        """The finding under the cursor (None on a group line)."""
        node = self.query_one("#review-tree", Tree).cursor_node
        return self.findings.get(node.data) if node is not None and node.data is not None else None

    @on(Tree.NodeHighlighted, "#review-tree")
    def _show(self) -> None:
        f = self.current()
        detail = finding_detail(f, self.infos.get(f.check)) if f else Text(
            "Select a finding. Press c to check files, the TM or the termbase.", style="dim")
        self.query_one("#review-detail", Static).update(detail)

    # ---- actions ---------------------------------------------------------------------------------------
    def _need(self) -> Finding | None:
        f = self.current()
        if f is None:
            self.notify("Select a finding first", severity="warning")
        return f

    def _next_after(self, f: Finding) -> Finding | None:
        """The finding after ``f`` in the list (so the cursor moves on after a decision)."""
        ids = list(self.findings)
        at = ids.index(f.id)
        rest = ids[at + 1:] + ids[:at][::-1]
        return self.findings[rest[0]] if rest else None

    def action_mark(self, state: str) -> None:
        """Mark the highlighted finding fixed, ignored or open again."""
        if (f := self._need()) is None:
            return
        try:
            self.review.set_state(f.id, state)
        except SilktermError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify(f"{f.text}: {state}")
        self.reload(keep=self._next_after(f) if state != self.state and self.state != "all" else f)

    def action_accept(self) -> None:
        """Accept the form as a variant of its concept (added to the termbase; undoable)."""
        if (f := self._need()) is None:
            return
        try:
            self.review.accept_as_variant(f.id)
        except SilktermError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify(f"{f.text} accepted as a variant of concept {f.concept_id}")
        self.reload(keep=self._next_after(f) if self.state not in ("accepted", "all") else f)

    def action_jump(self) -> None:
        """Open the finding's concept on the Glossary screen."""
        if (f := self._need()) is None:
            return
        if f.concept_id is None:
            self.notify("This finding names no concept", severity="warning")
            return
        self.app.show_concept(f.concept_id)  # type: ignore[attr-defined]

    def action_cycle_state(self) -> None:
        """Show the next state: open → fixed → ignored → accepted → all."""
        self.state = _FILTERS[(_FILTERS.index(self.state) + 1) % len(_FILTERS)]
        self.reload()

    def action_run_check(self) -> None:
        """Ask what to check, then run the checks in a worker."""

        def save(v: dict[str, Any]) -> None:
            paths = expand_paths(v["paths"]) if v["paths"] else []
            if not paths and not v["tm"] and not v["termbase"]:
                raise ValidationError("give files, or tick the translation memory or the termbase")
            self.run_check(paths, v["tm"], v["termbase"])

        self.app.push_screen(RunCheckForm("Check documents and bilingual files against the termbase", save))

    @work(thread=True, exclusive=True, group="check", exit_on_error=False)
    def run_check(self, paths: list[Path], tm: bool, termbase: bool) -> None:
        """Run the checks in a worker, with progress in the status line."""
        status = self.query_one("#review-status", Static)

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(status.update, f"checking… {done}/{total}")

        try:
            report = self.review.run(paths, tm=tm, termbase=termbase, progress=progress)
        except SilktermError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        for error in report.errors:
            self.app.call_from_thread(self.notify, error.message, severity="error")
        opened = sum(1 for f in report.findings if f.state == "open")
        self.app.call_from_thread(self.notify, f"{opened} open finding(s) in {report.summary.files} input(s)")
        self.app.call_from_thread(self.reload)
