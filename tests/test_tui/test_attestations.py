"""The entry shows where the concept's terms occur in the TM, with the unit's other languages."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from sources.importer import import_files
from tests.test_tui.helpers import settle
from tests.test_tui.test_tm_screen import UNITS, rendered
from tests.tmxfiles import tmx, tu, write
from tm.attestations import attestations
from tm.service import TmService
from tui.app import make_app

DEPRECATED_USE = (("en", "President Zaparov arrived in Ashgabat."),
                  ("ru", "Президент Жапаров прибыл в Ашхабад."))


async def test_entry_lists_attestations_with_translations(fixture_tb, tmp_path: Path) -> None:
    lookup, svc, ids = fixture_tb
    import_files(lookup.db, [write(tmp_path / "tm.tmx", tmx(*(tu(*u) for u in (*UNITS, DEPRECATED_USE))))],
                 author="tester")
    found = attestations(TmService(lookup.db), svc.get_concept(ids["japarov"]))
    terms = [(a.term, a.status) for a in found]
    assert ("Sadyr Japarov", "preferred") in terms and ("Zaparov", "deprecated") in terms
    assert terms.index(("Sadyr Japarov", "preferred")) < terms.index(("Zaparov", "deprecated"))
    async with make_app(svc, lookup, TmService(lookup.db)).run_test(size=(150, 50)) as pilot:
        await settle(pilot)
        pilot.app.screen.query_one("#search", Input).value = "Жапаров"
        await settle(pilot)
        shown = rendered(pilot.app.screen.query_one("#entry-attestations", Static))
        assert "in the translation memory" in shown
        assert "Sadyr Japarov met Shavkat Mirziyoyev in Ashgabat." in shown
        assert "Садыр Жапаров встретился" in shown  # the unit's Russian beside it
        assert "President Zaparov arrived" in shown  # the deprecated spelling still in use
