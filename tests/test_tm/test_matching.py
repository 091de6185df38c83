"""Explained scores: which penalties a difference earns, in English, Chinese and Russian."""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz

from tm.markup import MarkupError, parse_markup
from tm.matching import Segment, character_based, score

EN = "The parties signed the Treaty on 17 June 2025."  # 46 characters
ZH = "双方于2025年6月17日签署了条约。"  # 19
RU = "Стороны подписали Договор 17 июня 2025 года."  # 44

# (lang, query, TM segment, {reason: characters inserted or deleted}); each character costs
# 100 / (len(query) + len(segment)) points; a letter in the other case costs two (out and in).
CASES = [
    ("en", EN, EN, {}),
    ("en", EN, "The parties signed the Treaty on 18 June 2025.", {"numbers": 2}),  # 7 out, 8 in
    ("en", EN, "The parties signed the Treaty on 17 June 2025", {"punctuation": 1}),
    ("en", EN, "the parties signed the treaty on 17 June 2025.", {"case": 4}),  # T→t twice
    ("en", EN, "The parties ratified the Treaty on 17 June 2025.", {"edit": 8}),  # signed/ratified share "ied"
    ("en", EN, "The parties signed the Treaty on 17 June.", {"edit": 1, "numbers": 4}),  # " 2025" missing
    ("zh-Hans", ZH, ZH, {}),
    ("zh-Hans", ZH, "双方于2025年6月18日签署了条约。", {"numbers": 2}),
    ("zh-Hans", ZH, "双方于2025年6月17日签署了条约", {"punctuation": 1}),
    ("zh-Hans", "双方同意加强APEC合作。", "双方同意加强apec合作。", {"case": 8}),
    ("zh-Hans", ZH, "双方于2025年6月17日批准了条约。", {"edit": 4}),  # 签署 → 批准
    ("ru", RU, RU, {}),
    ("ru", RU, "Стороны подписали Договор 18 июня 2025 года.", {"numbers": 2}),
    ("ru", RU, "Стороны подписали Договор 17 июня 2025 года", {"punctuation": 1}),
    ("ru", RU, "стороны подписали договор 17 июня 2025 года.", {"case": 4}),
    ("ru", RU, "Стороны ратифицировали Договор 17 июня 2025 года.", {"edit": 15}),  # share "иали": 5 out, 10 in
]


@pytest.mark.parametrize(("lang", "query", "segment", "chars"), CASES,
                         ids=[f"{c[0]}-{'+'.join(c[3]) or 'exact'}" for c in CASES])
def test_penalties(lang: str, query: str, segment: str, chars: dict[str, int]) -> None:
    scored = score(Segment(query), Segment(segment), lang)
    per_char = 100 / (len(query) + len(segment))
    assert {p.reason: p.points for p in scored.penalties} == {r: round(n * per_char, 1) for r, n in chars.items()}
    assert scored.score == round(100 - sum(p.points for p in scored.penalties), 1)
    assert abs(scored.score - fuzz.ratio(query, segment)) <= 0.15  # the reference metric, explained


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


def test_details_are_word_aware_in_english_and_russian_and_by_character_in_chinese() -> None:
    en = score(Segment("We discussed interoperability today"), Segment("We discussed interoperable today"), "en")
    assert [(p.reason, p.detail) for p in en.penalties] == [("edit", "1 word differs")]
    ru = score(Segment("Стороны обсудили вопросы сотрудничества"), Segment("Стороны обсудили вопрос сотрудничество"),
               "ru")
    assert ru.penalties[0].detail == "2 words differ"
    zh = score(Segment("加强睦邻友好合作"), Segment("加强睦邻友好关系"), "zh-Hans")
    assert zh.penalties[0].detail == "2 characters differ"
    assert character_based("zh-Hant", "") and character_based(None, "中文") and not character_based("ru", "")


def test_a_changed_ending_costs_less_than_a_different_word() -> None:
    query = Segment("Стороны подчеркнули важность сотрудничества в области энергетики")
    ending = score(query, Segment("Стороны подчеркнули важность сотрудничество в области энергетики"), "ru")
    other = score(query, Segment("Стороны подчеркнули важность партнёрства в области энергетики"), "ru")
    assert 95 < ending.score and other.score < ending.score


def test_number_details_name_both_sides() -> None:
    scored = score(Segment("In 2024 trade grew 5%."), Segment("In 2025 trade grew 7%."), "en")
    numbers = next(p for p in scored.penalties if p.reason == "numbers")
    assert numbers.points == round(4 * 100 / 44, 1) and numbers.detail == "2024 5 vs 2025 7"


def test_a_thousands_separator_is_punctuation_not_another_number() -> None:
    scored = score(Segment("1,000 delegates"), Segment("1000 delegates"), "en")
    assert [p.reason for p in scored.penalties] == ["punctuation"]


def test_tag_points_are_capped() -> None:
    tags = ("ph",) * 8
    scored = score(Segment("Text", tags), Segment("Text"), "en")
    assert [(p.reason, p.points) for p in scored.penalties] == [("tags", 10.0)]


def test_a_score_never_goes_below_zero() -> None:
    assert score(Segment("Completely different words"), Segment("天差地别的内容，12345"), "en").score >= 0.0


@pytest.mark.parametrize("bad", ['<x>a</x>', '<bpt>missing i</bpt>', '<it pos="middle">x</it>', "<ph>unclosed"])
def test_invalid_markup_is_refused(bad: str) -> None:
    with pytest.raises(MarkupError):
        parse_markup(bad)
