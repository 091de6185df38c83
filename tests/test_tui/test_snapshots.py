"""Screen snapshots (Textual is pinned in pyproject, so the SVGs are stable): the glossary with a
Russian query, a Chinese query on a narrow terminal, and the new-concept form."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import Input

from glossary.db import open_database
from glossary.service import TermbaseService
from tests.conftest import FIXTURE_CONCEPTS
from tests.test_tui.helpers import settle
from tui.app import make_app

FROZEN = datetime(2025, 6, 17, 9, 0, tzinfo=UTC)


@pytest.fixture
def frozen_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TermbaseService:
    """The fixture termbase with every timestamp fixed, so screens render the same on every run."""
    for module in ("glossary.service", "glossary.history"):
        monkeypatch.setattr(f"{module}.utcnow", lambda: FROZEN)
    svc = TermbaseService(open_database(str(tmp_path / "snap.db")), author="snapshot")
    svc.add_concepts(FIXTURE_CONCEPTS.values(), description="fixture")
    return svc


def _search(text: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.screen.query_one("#search", Input).value = text
        await settle(pilot)
        pilot.app.screen.query_one("#results").focus()  # no blinking text cursor in the picture
        await settle(pilot)
    return run_before


def test_glossary_russian_query(snap_compare, frozen_service: TermbaseService) -> None:
    app = make_app(frozen_service)
    assert snap_compare(app, terminal_size=(130, 36), run_before=_search("Шанхайской организации сотрудничества"))


def test_glossary_chinese_query_narrow(snap_compare, frozen_service: TermbaseService) -> None:
    app = make_app(frozen_service)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_search("上合組織"))


def test_new_concept_form(snap_compare, frozen_service: TermbaseService) -> None:
    async def open_form(pilot) -> None:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await pilot.pause()
    assert snap_compare(make_app(frozen_service), terminal_size=(100, 30), run_before=open_form)
