"""Pilot tests of the import and export dialogs on a real database and real files."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Label

from tests.test_tui.helpers import settle
from tests.tmxfiles import tmx, tu, write
from tm.service import TmService
from tui.app import make_app
from tui.screens.transfer import ExportScreen, ImportScreen

UNITS = [(("en", "The Shanghai Cooperation Organisation"), ("zh-CN", "上海合作组织"),
          ("ru", "Шанхайская организация сотрудничества")),
         (("en", "Ashgabat"), ("ru", "Ашхабад"))]


async def test_import_then_export_through_the_dialogs(fixture_tb, tmp_path: Path) -> None:
    lookup, svc, _ids = fixture_tb
    good = write(tmp_path / "good.tmx", tmx(*(tu(*u) for u in UNITS)))
    bad = tmp_path / "bad.tmx"
    bad.write_text('<?xml version="1.0"?><tmx version="1.4"><header/><body><tu><tuv><seg>x</seg></tuv></tu>',
                   encoding="utf-8")
    tm = TmService(lookup.db)
    async with make_app(svc, lookup, tm).run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ImportScreen)
        dialog.query_one("#paths", Input).value = f"{good}; {bad}"
        await pilot.click("#run")
        await settle(pilot)
        result = str(dialog.query_one("#result", Label).render())
        assert "bad.tmx" in result and "nothing was imported" in result
        assert tm.counts()[0] == 0  # one transaction: the good file was not imported either
        paths = dialog.query_one("#paths", Input)
        paths.value = str(good)
        paths.focus()
        await pilot.pause()  # the error above re-laid the dialog out: submit by key, not by a click position
        await pilot.press("enter")
        await settle(pilot)
        assert "2 units added" in str(dialog.query_one("#result", Label).render())
        await pilot.press("escape")
        await pilot.pause()
        assert tm.counts()[0] == 2
        await pilot.press("f6")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ExportScreen)
        out = tmp_path / "out.tmx"
        dialog.query_one("#path", Input).value = str(out)
        dialog.query_one("#langs", Input).value = "en,ru"
        await pilot.click("#run")
        await settle(pilot)
        assert "2 units written" in str(dialog.query_one("#result", Label).render())
    text = out.read_text(encoding="utf-8")
    assert "Ашхабад" in text and "上海合作组织" not in text


async def test_termbase_export_as_tbx_through_the_dialog(fixture_tb, tmp_path: Path) -> None:
    from textual.widgets import Select

    lookup, svc, ids = fixture_tb
    out = tmp_path / "glossary.tbx"
    async with make_app(svc, lookup).run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await pilot.pause()
        dialog = pilot.app.screen
        dialog.query_one("#data", Select).value = "glossary"
        await settle(pilot)
        assert dialog.query_one("#format", Select).value == "tbx"
        dialog.query_one("#path", Input).value = str(out)
        dialog.query_one("#langs", Input).value = ""
        await pilot.click("#run")
        await settle(pilot)
        assert f"{len(ids)} concepts written" in str(dialog.query_one("#result", Label).render())
    text = out.read_text(encoding="utf-8")
    assert "Садыр Жапаров" in text and "萨德尔·扎帕罗夫" in text and "deprecatedTerm-admn-sts" in text
