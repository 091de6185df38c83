"""Explained scores: which penalties a difference earns, in English, Chinese and Russian."""

from __future__ import annotations

import pytest

from tm.markup import MarkupError, parse_markup
from tm.matching import Segment, character_based, score

EN = "The parties signed the Treaty on 17 June 2025."
ZH = "双方于2025年6月17日签署了条约。"
RU = "Стороны подписали Договор 17 июня 2025 года."

# (lang, query, TM segment, {reason: points}, score)
CASES = [
    ("en", EN, EN, {}, 100.0),
    ("en", EN, "The parties signed the Treaty on 18 June 2025.", {"numbers": 3.0}, 97.0),
    ("en", EN, "The parties signed the Treaty on 17 June 2025", {"punctuation": 1.0}, 99.0),
    ("en", EN, "the parties signed the treaty on 17 June 2025.", {"case": 2.0}, 98.0),
    # 9 tokens, one replaced: Indel distance 2 of 18
    ("en", EN, "The parties ratified the Treaty on 17 June 2025.", {"edit": 11.1}, 88.9),
    # a number missing: one token of 17 (edit) and one number (numbers)
    ("en", EN, "The parties signed the Treaty on 17 June.", {"edit": 5.9, "numbers": 3.0}, 91.1),
    ("zh-Hans", ZH, ZH, {}, 100.0),
    ("zh-Hans", ZH, "双方于2025年6月18日签署了条约。", {"numbers": 3.0}, 97.0),
    ("zh-Hans", ZH, "双方于2025年6月17日签署了条约", {"punctuation": 1.0}, 99.0),
    ("zh-Hans", "双方同意加强APEC合作。", "双方同意加强apec合作。", {"case": 1.0}, 99.0),
    ("zh-Hans", ZH, "双方于2025年6月17日批准了条约。", {"edit": 14.3}, 85.7),
    ("ru", RU, RU, {}, 100.0),
    ("ru", RU, "Стороны подписали Договор 18 июня 2025 года.", {"numbers": 3.0}, 97.0),
    ("ru", RU, "Стороны подписали Договор 17 июня 2025 года", {"punctuation": 1.0}, 99.0),
    ("ru", RU, "стороны подписали договор 17 июня 2025 года.", {"case": 2.0}, 98.0),
    ("ru", RU, "Стороны ратифицировали Договор 17 июня 2025 года.", {"edit": 14.3}, 85.7),  # 2 of 14
]


@pytest.mark.parametrize(("lang", "query", "segment", "penalties", "expected"), CASES,
                         ids=[f"{c[0]}-{'+'.join(c[3]) or 'exact'}" for c in CASES])
def test_penalties(lang: str, query: str, segment: str, penalties: dict[str, float], expected: float) -> None:
    scored = score(Segment(query), Segment(segment), lang)
    assert {p.reason: p.points for p in scored.penalties} == penalties
    assert scored.score == expected
    assert scored.score == round(100 - sum(p.points for p in scored.penalties), 1)


@pytest.mark.parametrize(("lang", "query", "markup", "points"), [
    ("en", "Press OK to continue.", 'Press <bpt i="1" x="1">&lt;b&gt;</bpt>OK<ept i="1">&lt;/b&gt;</ept> to continue.',
     2.0),
    ("zh-Hans", "点击确定继续。", '点击<ph x="1">&lt;img/&gt;</ph>确定<ph x="2">&lt;br/&gt;</ph>继续。', 4.0),
    ("ru", "Нажмите «ОК».", 'Нажмите <it pos="begin">&lt;b&gt;</it>«ОК».', 2.0),
])
def test_a_missing_inline_tag_costs_points_and_nothing_else(lang: str, query: str, markup: str, points: float) -> None:
    text, tags = parse_markup(markup)
    assert text == query  # codes are not text
    scored = score(Segment(query), Segment(text, tags), lang)
    assert [(p.reason, p.points) for p in scored.penalties] == [("tags", points)]
    assert score(Segment(query, tags), Segment(text, tags), lang).score == 100.0


def test_edit_is_word_aware_in_english_and_russian_but_by_character_in_chinese() -> None:
    long_word = score(Segment("We discussed interoperability today"), Segment("We discussed interoperable today"), "en")
    short_word = score(Segment("We discussed oil today"), Segment("We discussed gas today"), "en")
    assert long_word.score == short_word.score  # one word is one word, however long
    assert "1 word differs" in long_word.penalties[0].detail
    zh = score(Segment("加强睦邻友好合作"), Segment("加强睦邻友好关系"), "zh-Hans")
    assert zh.penalties[0].detail == "2 characters differ"
    assert character_based("zh-Hant", "") and character_based(None, "中文") and not character_based("ru", "")


def test_number_details_name_both_sides() -> None:
    scored = score(Segment("In 2024 trade grew 5%."), Segment("In 2025 trade grew 7%."), "en")
    numbers = next(p for p in scored.penalties if p.reason == "numbers")
    assert numbers.points == 6.0 and numbers.detail == "2024 5 vs 2025 7"


def test_thousands_separators_are_one_number() -> None:
    assert score(Segment("1,000 delegates"), Segment("1000 delegates"), "en").penalties == ()


def test_small_penalties_are_capped() -> None:
    scored = score(Segment("A B C D E F G H"), Segment("a b c d e f g h"), "en")
    assert [(p.reason, p.points) for p in scored.penalties] == [("case", 5.0)]


def test_a_score_never_goes_below_zero() -> None:
    assert score(Segment("Completely different words"), Segment("天差地别的内容，12345"), "en").score >= 0.0


@pytest.mark.parametrize("bad", ['<x>a</x>', '<bpt>missing i</bpt>', '<it pos="middle">x</it>', "<ph>unclosed"])
def test_invalid_markup_is_refused(bad: str) -> None:
    with pytest.raises(MarkupError):
        parse_markup(bad)
