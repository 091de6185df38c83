"""Pilot tests of the Review screen: run a check from the TUI, mark findings, accept a variant, jump."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static, Tree

from sources.bilingual import review_service
from tests.test_tui.helpers import settle
from tests.test_tui.test_tm_screen import rendered
from tui.app import make_app
from tui.screens.glossary import GlossaryScreen
from tui.screens.review import ReviewScreen

DOC = ("President Zaparov met President Tokayev in Astana.\n"
       "Sadyr Japarov thanked Kassym-Jomart Tokayev.\n"
       "Президент Жапаров и Токаев встретились в Ашхабаде; 扎帕罗夫 spoke.\n")


def _leaves(screen: ReviewScreen) -> list[tuple[str, str]]:
    tree = screen.query_one("#review-tree", Tree)
    return [(str(group.label), str(leaf.label)) for group in tree.root.children for leaf in group.children]


def _select(screen: ReviewScreen, check: str, text: str) -> None:
    tree = screen.query_one("#review-tree", Tree)
    for group in tree.root.children:
        for leaf in group.children:
            f = screen.findings[leaf.data]
            if f.check == check and f.text == text:
                tree.move_cursor(leaf)
                return
    raise AssertionError(f"no {check} finding for {text!r}: {_leaves(screen)}")


async def _open(pilot) -> ReviewScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("f4")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


async def test_check_from_the_tui_then_ignore_and_jump(fixture_tb, tmp_path: Path) -> None:
    lookup, svc, ids = fixture_tb
    doc = tmp_path / "joint.txt"
    doc.write_text(DOC, encoding="utf-8")
    async with make_app(svc, lookup).run_test(size=(130, 36)) as pilot:
        screen = await _open(pilot)
        assert _leaves(screen) == []
        await pilot.press("c")
        await settle(pilot)
        pilot.app.screen.query_one("#paths", Input).value = str(doc)
        await pilot.press("ctrl+s")
        await settle(pilot)
        groups = {g for g, _leaf in _leaves(screen)}
        assert any(g.startswith("forbidden-term") for g in groups)
        _select(screen, "forbidden-term", "Zaparov")
        await settle(pilot)
        detail = rendered(screen.query_one("#review-detail", Static))
        assert "Sadyr Japarov" in detail and "joint.txt:1" in detail
        # ignore it: it leaves the open list, and a re-run does not bring it back
        await pilot.press("i")
        await settle(pilot)
        assert not any(leaf.startswith("Zaparov") and "joint.txt:1" in leaf and g.startswith("forbidden")
                       for g, leaf in _leaves(screen))
        report = pilot.app.review.run([doc])
        assert [f.state for f in report.findings if f.check == "forbidden-term" and f.text == "Zaparov"] == ["ignored"]
        # jump to the concept of another finding
        first = next(iter(screen.findings.values()))
        screen.query_one("#review-tree", Tree).move_cursor(
            next(leaf for g in screen.query_one("#review-tree", Tree).root.children for leaf in g.children
                 if leaf.data == first.id))
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(pilot.app.screen, GlossaryScreen)
        assert pilot.app.screen.concept_id == first.concept_id


async def test_accept_as_variant_adds_the_form_to_the_termbase(fixture_tb, tmp_path: Path) -> None:
    lookup, svc, ids = fixture_tb
    doc = tmp_path / "joint.txt"
    doc.write_text(DOC, encoding="utf-8")
    review_service(lookup.db, author="tester").run([doc])
    async with make_app(svc, lookup).run_test(size=(130, 36)) as pilot:
        screen = await _open(pilot)
        _select(screen, "forbidden-term", "Zaparov")
        await pilot.press("a")
        await settle(pilot)
        terms = {t.text: t.status for t in svc.get_concept(ids["japarov"]).terms}
        assert terms["Zaparov"] == "admitted"
        await pilot.press("s")  # show fixed
        await pilot.press("s")  # ignored
        await pilot.press("s")  # accepted
        await settle(pilot)
        assert any("Zaparov" in leaf for _g, leaf in _leaves(screen))
        # undo on the glossary screen reverts the termbase change
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot)
        terms = {t.text: t.status for t in svc.get_concept(ids["japarov"]).terms}
        assert terms["Zaparov"] == "deprecated"


async def test_review_is_readable_at_80x24(fixture_tb, tmp_path: Path) -> None:
    lookup, svc, _ids = fixture_tb
    doc = tmp_path / "joint.txt"
    doc.write_text(DOC, encoding="utf-8")
    review_service(lookup.db, author="tester").run([doc])
    async with make_app(svc, lookup).run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        assert screen.query_one("#review-tree", Tree).size.width >= 70  # stacked, full width
        assert "Sadyr Japarov" in rendered(screen.query_one("#review-detail", Static))
