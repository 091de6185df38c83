"""Pilot tests of the Glossary screen: search, edit and save, undo — on a real SQLite termbase."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Select, Static

from tests.test_tui.helpers import settle
from tui.app import make_app
from tui.screens.forms import ConceptForm, TermForm
from tui.widgets.entry import ConceptEntry
from tui.widgets.results import ResultsTable

SIZE = (140, 40)


def cell_texts(table: DataTable, row: int) -> list[str]:
    return [str(c) for c in table.get_row_at(row)]


async def search(pilot, text: str) -> ResultsTable:
    pilot.app.screen.query_one("#search", Input).value = text
    await settle(pilot)
    return pilot.app.screen.query_one("#results", ResultsTable)


@pytest.mark.parametrize(("query", "expected"), [
    ("Шанхайской организации сотрудничества", "Шанхайская организация сотрудничества"),
    ("上合組織", "上海合作组织"),
    ("shanghai hezuo zuzhi", "Shanghai Cooperation Organisation"),
    ("Tokaev", "Касым-Жомарт Токаев"),
])
async def test_search_as_you_type_shows_three_languages(fixture_tb, query: str, expected: str) -> None:
    lookup, svc, _ids = fixture_tb
    async with make_app(svc, lookup).run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = await search(pilot, query)
        assert table.row_count >= 1
        assert expected in cell_texts(table, 0)
        entry = pilot.app.screen.query_one("#entry-terms", DataTable)
        assert entry.row_count >= 3  # the full entry of the top hit is shown


async def test_typing_keys_into_the_search_box(fixture_tb) -> None:
    lookup, svc, ids = fixture_tb
    async with make_app(svc, lookup).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"Ashgabad")
        await settle(pilot)
        table = pilot.app.screen.query_one("#results", ResultsTable)
        assert table.selected_concept_id == ids["ashgabat"]
        assert "fuzzy" in cell_texts(table, 0)[0]


async def test_browse_when_empty_and_message_for_nothing_found(fixture_tb) -> None:
    lookup, svc, _ids = fixture_tb
    async with make_app(svc, lookup).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert pilot.app.screen.query_one("#results", ResultsTable).row_count == 10  # all fixture concepts
        table = await search(pilot, "zzzzqqqq")
        assert table.row_count == 0
        assert "nothing matches" in str(pilot.app.screen.query_one("#status-line", Static).render())
        table = await search(pilot, "«»")  # punctuation only: a message, not a crash
        assert table.row_count == 0


async def test_add_concept_through_the_form(fixture_tb) -> None:
    lookup, svc, _ids = fixture_tb
    async with make_app(svc, lookup).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, ConceptForm)
        form.query_one("#category", Select).value = "place"
        form.query_one("#en", Input).value = "Khorgos"
        form.query_one("#zh-Hans", Input).value = "霍尔果斯"
        form.query_one("#ru", Input).value = "Хоргос"
        await pilot.click("#save")
        await settle(pilot)
    hit = lookup.search("Хоргоса")[0]
    assert hit.concept.preferred("zh-Hans").text == "霍尔果斯" and hit.concept.category == "place"


async def test_refused_change_keeps_the_form_open_with_the_reason(fixture_tb) -> None:
    lookup, svc, ids = fixture_tb
    before = svc.count()
    async with make_app(svc, lookup).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "Ashgabat")
        await pilot.press("ctrl+t")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, TermForm)
        form.query_one("#lang", Select).value = "ru"
        form.query_one("#text", Input).value = "Ашхабад"  # already in the concept
        form.query_one("#status", Select).value = "admitted"
        await pilot.click("#save")
        await pilot.pause()
        assert pilot.app.screen is form
        assert "already has the ru term" in str(form.query_one("#error").render())
        await pilot.press("escape")
        await pilot.pause()
    assert svc.count() == before


async def test_edit_term_then_undo(fixture_tb) -> None:
    lookup, svc, ids = fixture_tb
    async with make_app(svc, lookup).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "Japarov")
        entry = pilot.app.screen.query_one("#entry", ConceptEntry)
        terms = pilot.app.screen.query_one("#entry-terms", DataTable)
        terms.focus()
        row = next(i for i in range(terms.row_count) if cell_texts(terms, i)[1].startswith("Жапаров"))
        terms.move_cursor(row=row)
        await pilot.pause()
        term_id = entry.selected_term_id
        await pilot.press("ctrl+e")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, TermForm) and form.query_one("#text", Input).value == "Жапаров"
        form.query_one("#note", Input).value = "краткая форма"
        form.query_one("#gender", Select).value = "masculine"
        await pilot.press("ctrl+s")
        await settle(pilot)
        edited = svc.get_term(term_id)
        assert (edited.note, edited.gender) == ("краткая форма", "masculine")
        await pilot.press("ctrl+z")
        await settle(pilot)
    assert svc.get_term(term_id).note is None


async def test_user_text_is_never_parsed_as_markup(fixture_tb) -> None:
    lookup, svc, ids = fixture_tb
    svc.add_variant(ids["sco"], "en", "[bold red]SCO[/] [link=x]")
    async with make_app(svc, lookup).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "[bold red]SCO[/] [link=x]")
        terms = pilot.app.screen.query_one("#entry-terms", DataTable)
        texts = [cell_texts(terms, i)[1].rstrip(" ★⚠✗") for i in range(terms.row_count)]
        assert "[bold red]SCO[/] [link=x]" in texts


async def test_help_and_small_terminal(fixture_tb) -> None:
    lookup, svc, _ids = fixture_tb
    async with make_app(svc, lookup).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await search(pilot, "中国—中亚峰会")
        await pilot.press("f1")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "GlossaryScreen"
