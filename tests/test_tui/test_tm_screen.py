"""Pilot tests of the Translation memory screen: fuzzy match with reasons and termbase names, concordance."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from textual.widgets import DataTable, Input, Select, Static

from sources.importer import import_files
from tests.test_tui.helpers import settle
from tests.tmxfiles import tmx, tu, write
from tm.service import TmService
from tui.app import make_app
from tui.screens.tm import TmScreen


def rendered(widget: Static) -> str:
    """The plain text a Static shows (its content may be a rich Table)."""
    console = Console(record=True, width=120)
    console.print(widget.content)
    return console.export_text()


UNITS = [
    (("en", "The Shanghai Cooperation Organisation held its summit in Astana on 4 July 2024."),
     ("zh-CN", "上海合作组织于2024年7月4日在阿斯塔纳举行峰会。"),
     ("ru", "Шанхайская организация сотрудничества провела саммит в Астане 4 июля 2024 года.")),
    (("en", "Sadyr Japarov met Shavkat Mirziyoyev in Ashgabat."),
     ("zh-CN", "萨德尔·扎帕罗夫在阿什哈巴德会见了沙夫卡特·米尔济约耶夫。"),
     ("ru", "Садыр Жапаров встретился с Шавкатом Мирзиёевым в Ашхабаде.")),
]


async def test_match_shows_score_reasons_and_termbase_names(fixture_tb, tmp_path: Path) -> None:
    lookup, svc, _ids = fixture_tb
    import_files(lookup.db, [write(tmp_path / "tm.tmx", tmx(*(tu(*u) for u in UNITS)))], author="tester")
    async with make_app(svc, lookup, TmService(lookup.db)).run_test(size=(130, 36)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, TmScreen)
        assert "2 units" in str(screen.query_one("#tm-status", Static).render())
        screen.query_one("#tm-query", Input).value = (
            "The Shanghai Cooperation Organisation held its summit in Astana on 5 July 2024.")
        await settle(pilot)
        table = screen.query_one("#tm-results", DataTable)
        assert table.row_count == 1
        score, source, target = (str(c) for c in table.get_row_at(0))
        assert 75 <= int(score.rstrip("%")) < 100 and target.startswith("Шанхайская организация сотрудничества")
        detail = rendered(screen.query_one("#tm-detail", Static))
        assert "numbers" in detail and "Shanghai Cooperation Organisation" in detail
        assert "Шанхайская организация сотрудничества" in detail  # the approved Russian term
        # Chinese → Russian, then a concordance search for a short Chinese string
        screen.query_one("#tm-from", Select).value = "zh-Hans"
        screen.query_one("#tm-query", Input).value = "萨德尔·扎帕罗夫在阿什哈巴德会见了沙夫卡特·米尔济约耶夫"
        await settle(pilot)
        assert str(table.get_row_at(0)[2]).startswith("Садыр Жапаров")
        screen.query_one("#tm-mode", Select).value = "search"
        screen.query_one("#tm-query", Input).value = "峰会"
        await settle(pilot)
        assert table.row_count == 1 and str(table.get_row_at(0)[0]) == "zh-Hans"
        await pilot.press("f2")
        await settle(pilot)
        assert type(pilot.app.screen).__name__ == "GlossaryScreen"


async def test_edit_and_delete_a_unit_from_the_results(fixture_tb, tmp_path: Path) -> None:
    from textual.widgets import Label

    lookup, svc, _ids = fixture_tb
    import_files(lookup.db, [write(tmp_path / "tm.tmx", tmx(*(tu(*u) for u in UNITS)))], author="tester")
    tm = TmService(lookup.db)
    async with make_app(svc, lookup, tm).run_test(size=(130, 36)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        screen = pilot.app.screen
        screen.query_one("#tm-query", Input).value = "Sadyr Japarov met Shavkat Mirziyoyev in Ashgabat."
        await settle(pilot)
        screen.query_one("#tm-results", DataTable).focus()
        await pilot.press("ctrl+e")
        await settle(pilot)
        form = pilot.app.screen
        assert [str(label.render()) for label in form.query(Label)][1:4] == ["en", "zh-CN", "ru"]
        form.query_one("#seg-2", Input).value = "Садыр Жапаров провёл встречу с Шавкатом Мирзиёевым в Ашхабаде."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert tm.search("провёл встречу")[0].variant.lang == "ru"
        assert str(screen.query_one("#tm-results", DataTable).get_row_at(0)[2]).startswith("Садыр Жапаров провёл")
        # an empty segment is refused inside the form, which stays open
        await pilot.press("ctrl+e")
        await settle(pilot)
        form = pilot.app.screen
        form.query_one("#seg-0", Input).value = "  "
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form and "must not be empty" in str(form.query_one("#error", Label).render())
        await pilot.press("escape")
        await settle(pilot)
        # delete it
        await pilot.press("ctrl+d")
        await settle(pilot)
        await pilot.press("ctrl+s")  # confirm
        await settle(pilot)
        assert tm.counts()[0] == 1
        assert screen.query_one("#tm-results", DataTable).row_count == 0
