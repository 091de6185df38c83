"""The compiled term matcher: word boundaries, Russian case forms, Traditional folding, longest wins."""

from __future__ import annotations

import pytest

from glossary.checks.matcher import TermMatcher


@pytest.fixture
def matcher(fixture_tb) -> TermMatcher:
    _lookup, svc, _ids = fixture_tb
    return TermMatcher.from_database(svc.db)


def _found(matcher: TermMatcher, text: str) -> list[tuple[str, set[int]]]:
    return [(h.surface, set(h.concept_ids)) for h in matcher.find(text)]


@pytest.mark.parametrize(("text", "key", "surface"), [
    ("Встреча с Токаевым в Ашхабаде", "tokayev", "Токаевым"),
    ("Встреча с Токаевым в Ашхабаде", "ashgabat", "Ашхабаде"),
    ("саммит Шанхайской организации сотрудничества", "sco", "Шанхайской организации сотрудничества"),
    ("中國—中亞峰會在西安舉行", "summit", "中國—中亞峰會"),
    ("上海合作組織秘書處", "sco", "上海合作組織"),
    ("the China Central Asia Summit", "summit", "China Central Asia Summit"),
    ("President TOKAYEV spoke", "tokayev", "TOKAYEV"),
])
def test_finds_every_form(matcher, fixture_tb, text, key, surface) -> None:
    ids = fixture_tb[2]
    assert (surface, {ids[key]}) in _found(matcher, text)


def test_longest_term_wins(matcher, fixture_tb) -> None:
    ids = fixture_tb[2]
    found = _found(matcher, "Sadyr Japarov met Japarov's aides at the China–Central Asia Summit.")
    assert found == [("Sadyr Japarov", {ids["japarov"]}), ("Japarov", {ids["japarov"]}),
                     ("China–Central Asia Summit", {ids["summit"]})]


def test_word_boundaries_and_case_of_acronyms(matcher) -> None:
    assert _found(matcher, "Shanghainese cooks in Tokayevka") == []
    assert _found(matcher, "the sco of the project") == []  # the acronym SCO only in capitals
    assert [s for s, _ in _found(matcher, "The SCO met")] == ["SCO"]


def test_stored_lemma_keys_find_oblique_cases_of_multiword_names(matcher, fixture_tb) -> None:
    ids = fixture_tb[2]
    text = "о Договоре о вечном добрососедстве, дружбе и сотрудничестве"
    assert _found(matcher, text) == [(text[2:], {ids["treaty"]})]
