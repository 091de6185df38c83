"""Pilot tests of the Candidates screen: approve, merge, reject — asserted on screen and in the database."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Select, Static

from glossary.candidates import CandidateService
from sources.candidates import extract_candidates
from tests.test_tui.helpers import settle
from tests.test_tui.test_tm_screen import rendered
from tui.app import make_app
from tui.screens.candidates import CandidatesScreen

LINES = [
    ("joint.txt", 1, "Emomali Rahmon arrived at the Akorda Residence."),
    ("joint.txt", 2, "Emomali Rahmon met President Sadyr Zhaparov."),
    ("joint-ru.txt", 5, "Эмомали Рахмон прибыл в Ашхабад. Встреча с Эмомали Рахмоном прошла успешно."),
    ("joint-zh.txt", 3, "双方同意推进中吉乌铁路项目。"),
]


def _rows(screen: CandidatesScreen) -> list[str]:
    table = screen.query_one("#cand-table", DataTable)
    return [str(table.get_row_at(i)[2]) for i in range(table.row_count)]


async def _open(pilot) -> CandidatesScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("f7")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CandidatesScreen)
    return screen


def _select(screen: CandidatesScreen, text: str) -> None:
    screen.query_one("#cand-table", DataTable).move_cursor(row=_rows(screen).index(text))


async def test_queue_shows_candidates_in_three_languages_with_places(fixture_tb) -> None:
    lookup, svc, _ids = fixture_tb
    CandidateService(svc, lookup).add(extract_candidates(LINES))
    async with make_app(svc, lookup).run_test(size=(130, 36)) as pilot:
        screen = await _open(pilot)
        rows = _rows(screen)
        assert {"Emomali Rahmon", "Akorda Residence", "Эмомали Рахмон", "中吉乌铁路"} <= set(rows)
        _select(screen, "Эмомали Рахмон")
        await settle(pilot)
        detail = rendered(screen.query_one("#cand-detail", Static))
        assert "joint-ru.txt:5" in detail and "Рахмоном" in detail  # both case forms, one candidate


async def test_approve_reject_and_merge_change_the_termbase(fixture_tb) -> None:
    lookup, svc, ids = fixture_tb
    queue = CandidateService(svc, lookup)
    queue.add(extract_candidates(LINES))
    async with make_app(svc, lookup).run_test(size=(130, 36)) as pilot:
        screen = await _open(pilot)
        # approve as a place, with the category chosen in the form
        _select(screen, "Akorda Residence")
        await pilot.press("a")
        await settle(pilot)
        pilot.app.screen.query_one("#category", Select).value = "place"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Akorda Residence" not in _rows(screen)
        approved = [c for c in queue.list("approved") if c.text == "Akorda Residence"]
        assert approved and svc.get_concept(approved[0].concept_id).category == "place"
        # reject
        _select(screen, "中吉乌铁路")
        await pilot.press("r")
        await settle(pilot)
        assert "中吉乌铁路" not in _rows(screen)
        assert [c.text for c in queue.list("rejected")] == ["中吉乌铁路"]
        # merge the misspelt name into the suggested concept as an erroneous form
        _select(screen, "Sadyr Zhaparov")
        await pilot.press("m")
        await settle(pilot)
        form = pilot.app.screen
        assert form.query_one("#concept", Input).value == str(ids["japarov"])
        form.query_one("#status", Select).value = "deprecated"
        form.query_one("#type", Select).value = "erroneous"
        await pilot.press("ctrl+s")
        await settle(pilot)
        terms = {t.text: t.status for t in svc.get_concept(ids["japarov"]).terms}
        assert terms["Sadyr Zhaparov"] == "deprecated"
        # the merged candidate leads to its concept
        await pilot.press("s")  # approved
        await pilot.press("s")  # merged
        await settle(pilot)
        assert _rows(screen) == ["Sadyr Zhaparov"]
        await pilot.press("j")
        await settle(pilot)
        assert pilot.app.screen.concept_id == ids["japarov"]


async def test_a_refused_merge_keeps_the_form_open_and_changes_nothing(fixture_tb) -> None:
    lookup, svc, _ids = fixture_tb
    CandidateService(svc, lookup).add(extract_candidates(LINES))
    before = svc.count()
    async with make_app(svc, lookup).run_test(size=(130, 36)) as pilot:
        screen = await _open(pilot)
        _select(screen, "Akorda Residence")
        await pilot.press("m")
        await settle(pilot)
        form = pilot.app.screen
        form.query_one("#concept", Input).value = "987654"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form
        assert "987654" in str(form.query_one("#error").render())
        assert svc.count() == before
