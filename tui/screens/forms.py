"""Modal forms. Each takes a ``save`` callback that performs the change; a SilktermError it raises
is shown in the form, which stays open with the user's input intact."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from glossary.errors import SilktermError
from glossary.vocab import Category, Gender, Number, Status, TermType

LANGS = [("English (en)", "en"), ("简体中文 (zh-Hans)", "zh-Hans"), ("繁體中文 (zh-Hant)", "zh-Hant"),
         ("Русский (ru)", "ru")]
Save = Callable[[dict[str, Any]], None]

_FORM_CSS = """
FormScreen { align: center middle; }
FormScreen > Vertical { width: 78; height: auto; max-height: 100%; border: thick $accent; background: $surface;
                        padding: 0 1; }
FormScreen Label.title { text-style: bold; }
FormScreen Label.error { color: $error; height: auto; }
FormScreen Horizontal.buttons { height: auto; align-horizontal: right; }
FormScreen Horizontal.pair { height: auto; }
FormScreen Horizontal.pair > * { width: 1fr; }
FormScreen Label.error { margin-top: 1; }
"""


def _options(enum: Any) -> list[tuple[str, str]]:
    return [(e.value, e.value) for e in enum]


class FormScreen(ModalScreen[bool]):
    """Base of the forms: a title, fields, an error line, Save / Cancel (ctrl+s / escape)."""

    DEFAULT_CSS = _FORM_CSS
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, title: str, save: Save) -> None:
        super().__init__()
        self.form_title, self._save = title, save

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.form_title, classes="title")
            yield from self.fields()
            yield Label("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def fields(self) -> ComposeResult:
        """The form's input widgets (subclasses)."""
        yield from ()

    def values(self) -> dict[str, Any]:
        """The values to save (subclasses)."""
        return {}

    def _value(self, selector: str) -> str | None:
        widget = self.query_one(selector)
        value = widget.value
        if value is Select.NULL or value == "":
            return None
        return str(value)

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def action_save(self) -> None:
        """Try to save; stay open and show the error if the change is refused."""
        try:
            self._save(self.values())
        except SilktermError as exc:
            self.query_one("#error", Label).update(str(exc))
            return
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(False)


class TermForm(FormScreen):
    """Add or edit a term."""

    def __init__(self, title: str, save: Save, initial: dict[str, Any] | None = None) -> None:
        super().__init__(title, save)
        self.initial = initial or {}

    def fields(self) -> ComposeResult:
        get = self.initial.get
        with Horizontal(classes="pair"):
            yield Select(LANGS, value=get("lang") or "en", allow_blank=False, id="lang", prompt="language")
            yield Input(value=get("text") or "", placeholder="term", id="text")
        with Horizontal(classes="pair"):
            yield Select(_options(Status), value=get("status") or "admitted", allow_blank=False, id="status")
            yield Select(_options(TermType), value=get("type") or "full", allow_blank=False, id="type")
        yield Input(value=get("note") or "", placeholder="note (why deprecated, which source …)", id="note")
        with Horizontal(classes="pair"):
            yield Select(_options(Gender), value=get("gender") or Select.NULL, id="gender", prompt="gender (ru)")
            yield Select(_options(Number), value=get("number") or Select.NULL, id="number", prompt="number (ru)")

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    def values(self) -> dict[str, Any]:
        names = ("lang", "text", "status", "type", "note", "gender", "number")
        return {name: self._value(f"#{name}") for name in names}


class ConceptForm(FormScreen):
    """A new concept with its preferred English, Chinese and Russian terms."""

    def fields(self) -> ComposeResult:
        yield Select(_options(Category), value="other", allow_blank=False, id="category")
        yield Input(placeholder="English", id="en")
        yield Input(placeholder="中文 (简体)", id="zh-Hans")
        yield Input(placeholder="Русский (именительный падеж)", id="ru")
        yield Input(placeholder="definition", id="definition")

    def on_mount(self) -> None:
        self.query_one("#en", Input).focus()

    def values(self) -> dict[str, Any]:
        return {name: self._value(f"#{name}") for name in ("category", "en", "zh-Hans", "ru", "definition")}


class StatusForm(FormScreen):
    """Change a term's status."""

    def __init__(self, title: str, save: Save, status: str) -> None:
        super().__init__(title, save)
        self.status = status

    def fields(self) -> ComposeResult:
        yield Select(_options(Status), value=self.status, allow_blank=False, id="status")

    def values(self) -> dict[str, Any]:
        return {"status": self._value("#status")}


class MergeForm(FormScreen):
    """Merge another concept (by id) into the selected one."""

    def fields(self) -> ComposeResult:
        yield Input(placeholder="id of the concept to merge into this one", id="source", type="integer")

    def on_mount(self) -> None:
        self.query_one("#source", Input).focus()

    def values(self) -> dict[str, Any]:
        return {"source": self._value("#source")}


class ConfirmScreen(FormScreen):
    """A yes/no question; ``save`` runs on yes."""

    def fields(self) -> ComposeResult:
        yield from ()
