"""tm match and tm search over a real database: retrieval, ranking, termbase names, concordance."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from glossary.db import Database
from glossary.errors import ValidationError
from sources.importer import import_files
from tests.tmxfiles import tmx, tu, write
from tm.index import TmIndex, window
from tm.keys import match_key
from tm.service import TmService

UNITS = [
    (("en", "The Shanghai Cooperation Organisation held its summit in Astana on 4 July 2024."),
     ("zh-CN", "上海合作组织于2024年7月4日在阿斯塔纳举行峰会。"),
     ("ru", "Шанхайская организация сотрудничества провела саммит в Астане 4 июля 2024 года.")),
    (("en", "The parties support the Belt and Road Initiative."),
     ("zh-CN", "各方支持共建“一带一路”倡议。"),
     ("ru", "Стороны поддерживают инициативу «Пояс и путь».")),
    (("en", "The parties support the Global Development Initiative."),
     ("zh-CN", "各方支持全球发展倡议。"),
     ("ru", "Стороны поддерживают Инициативу глобального развития.")),
    (("en", "Sadyr Japarov met Shavkat Mirziyoyev in Ashgabat."),
     ("zh-CN", "萨德尔·扎帕罗夫在阿什哈巴德会见了沙夫卡特·米尔济约耶夫。"),
     ("ru", "Садыр Жапаров встретился с Шавкатом Мирзиёевым в Ашхабаде.")),
    (("en", "Project"), ("zh-CN", "项目"), ("ru", "Проект")),
    (("en", "Close the project"), ("zh-CN", "关闭项目"), ("ru", "Закрыть проект")),
    (("en", "He said \"yes\" AND left; see NEAR(x) and 5 * 3 - 2, column: total."),
     ("ru", "Он сказал «да» и ушёл.")),
    (("en", 'Press <bpt i="1" x="1">&lt;b&gt;</bpt>OK<ept i="1">&lt;/b&gt;</ept> to continue.'),
     ("ru", 'Нажмите <bpt i="1" x="1">&lt;b&gt;</bpt>ОК<ept i="1">&lt;/b&gt;</ept>, чтобы продолжить.')),
    (("en", "Only in English."),),
    (("zh-TW", "上海合作組織峰會"), ("en", "SCO summit")),
]


@pytest.fixture
def tm(fixture_tb, tmp_path: Path) -> TmService:
    """A TM of the units above in a database that also holds the fixture termbase."""
    lookup, _service, _ids = fixture_tb
    import_files(lookup.db, [write(tmp_path / "tm.tmx", tmx(*(tu(*u) for u in UNITS)))], author="tester")
    return TmService(lookup.db)


def test_best_match_first_with_its_penalties(tm: TmService) -> None:
    query = "The Shanghai Cooperation Organisation held its summit in Astana on 5 July 2024."
    (m, *_rest) = tm.match(query, source_lang="en", target_lang="ru")
    assert m.target.text.startswith("Шанхайская организация сотрудничества")
    assert [(p.reason, p.points) for p in m.penalties] == [("numbers", round(200 / (2 * len(query)), 1))]
    assert m.score == round(fuzz.ratio(query, m.source.text), 1)


def test_json_shape(tm: TmService) -> None:
    data = [m.to_json() for m in tm.match("The parties support the Belt and Road Initiative",
                                          source_lang="en", target_lang="zh-Hans")]
    assert list(data[0]) == ["unit_id", "score", "penalties", "source", "target", "terms"]
    assert data[0]["penalties"] == [{"reason": "punctuation", "points": 1.0}]
    assert data[0]["target"] == "各方支持共建“一带一路”倡议。"
    assert all(set(p) == {"reason", "points"} for d in data for p in d["penalties"])


def test_termbase_names_with_the_approved_target_term(tm: TmService, fixture_tb) -> None:
    ids = fixture_tb[2]
    (m, *_rest) = tm.match("Sadyr Japarov met Shavkat Mirziyoyev in Shanghai.", source_lang="en", target_lang="ru",
                           min_score=60)
    terms = {t.concept_id: t for t in m.terms}
    assert terms[ids["japarov"]].target_term == "Садыр Жапаров"
    assert terms[ids["japarov"]].found_in == ("query", "source", "target")
    assert terms[ids["mirziyoyev"]].target_term == "Шавкат Мирзиёев"
    assert terms[ids["shanghai"]].found_in == ("query",) and terms[ids["shanghai"]].target_term == "Шанхай"
    assert terms[ids["ashgabat"]].found_in == ("source", "target")  # «в Ашхабаде» found through its lemma


def test_longest_name_wins_and_chinese_names_are_found(tm: TmService, fixture_tb) -> None:
    ids = fixture_tb[2]
    (m, *_rest) = tm.match("上海合作组织于2024年7月4日在阿斯塔纳举行峰会。", source_lang="zh-Hans", target_lang="ru")
    assert m.score == 100.0
    found = {t.concept_id: t for t in m.terms}
    assert ids["sco"] in found and ids["shanghai"] not in found  # 上海 is inside 上海合作组织
    assert found[ids["sco"]].found_in == ("query", "source", "target")
    assert found[ids["sco"]].target_term == "Шанхайская организация сотрудничества"


def test_min_limit_and_target_language(tm: TmService) -> None:
    query = "The parties support the Global Development Initiative."
    belt_and_road = round(fuzz.ratio(query, "The parties support the Belt and Road Initiative."), 1)
    assert 60 < belt_and_road < 95
    scores = [m.score for m in tm.match(query, source_lang="en", target_lang="ru", min_score=60)]
    assert scores == [100.0, belt_and_road]
    assert len(tm.match(query, source_lang="en", target_lang="ru", min_score=60, limit=1)) == 1
    assert [m.score for m in tm.match(query, source_lang="en", target_lang="ru", min_score=95)] == [100.0]
    assert tm.match("Only in English.", source_lang="en", target_lang="ru") == []  # no Russian to offer
    assert tm.match("Only in English.", source_lang="en", target_lang="de") == []


def test_short_chinese_queries_and_script_variants(tm: TmService) -> None:
    (m, *_rest) = tm.match("项目", source_lang="zh-Hans", target_lang="en")
    assert (m.score, m.target.text) == (100.0, "Project")
    assert [x.target.text for x in tm.match("项", source_lang="zh", target_lang="en", min_score=50)] == ["Project"]
    # one character replaced in four: ratio 75, yet no trigram in common
    assert [(x.score, x.target.text) for x in tm.match("关门项目", source_lang="zh", target_lang="en")] == [
        (75.0, "Close the project")]
    hant = tm.match("上海合作組織峰會", source_lang="zh", target_lang="en")  # zh covers zh-Hant
    assert hant[0].score == 100.0 and hant[0].source.lang == "zh-Hant"


def test_inline_tags_in_the_query(tm: TmService) -> None:
    plain = tm.match("Press OK to continue.", source_lang="en", target_lang="ru")[0]
    assert [(p.reason, p.points) for p in plain.penalties] == [("tags", 2.0)]
    tagged = tm.match('Press <bpt i="1">&lt;b&gt;</bpt>OK<ept i="1">&lt;/b&gt;</ept> to continue.',
                      source_lang="en", target_lang="ru", markup=True)[0]
    assert tagged.score == 100.0
    with pytest.raises(ValidationError):
        tm.match("<bpt>OK", source_lang="en", target_lang="ru", markup=True)


@pytest.mark.parametrize("query", ["", "   "])
def test_empty_query_is_refused(tm: TmService, query: str) -> None:
    with pytest.raises(ValidationError, match="empty"):
        tm.match(query, source_lang="en", target_lang="ru")


def test_bad_language_is_refused(tm: TmService) -> None:
    with pytest.raises(ValidationError, match="unknown language tag"):
        tm.match("Project", source_lang="english", target_lang="ru")


# ---- concordance ----------------------------------------------------------------------------------

def _texts(hits) -> list[str]:
    return [o.variant.text for o in hits]


def test_search_is_a_case_insensitive_substring_in_any_language(tm: TmService) -> None:
    assert _texts(tm.search("belt and ROAD")) == ["The parties support the Belt and Road Initiative."]
    assert _texts(tm.search("ПОЯС И ПУТЬ")) == ["Стороны поддерживают инициативу «Пояс и путь»."]
    hit = tm.search("一带一路")[0]
    assert {v.lang for v in hit.others} == {"en", "ru"}


@pytest.mark.parametrize("text", ["项", "项目", "峰會", "组"])
def test_search_finds_one_or_two_chinese_characters(tm: TmService, text: str) -> None:
    hits = _texts(tm.search(text))
    assert hits and all(text in h for h in hits)


def test_search_language_filter(tm: TmService) -> None:
    assert _texts(tm.search("Проект", langs=["en"])) == []
    assert _texts(tm.search("проект", langs=["ru"])) == ["Проект", "Закрыть проект"]


@pytest.mark.parametrize("text", ['"yes"', '"yes" AND left', "NEAR(", "5 * 3", "3 - 2", "column:", "*", "-", '"'])
def test_query_syntax_is_searched_for_as_text(tm: TmService, text: str) -> None:
    hits = _texts(tm.search(text))
    assert hits == ['He said "yes" AND left; see NEAR(x) and 5 * 3 - 2, column: total.']


def test_and_is_not_an_operator(tm: TmService) -> None:
    assert _texts(tm.search("support AND left")) == []


# ---- retrieval ------------------------------------------------------------------------------------

def test_length_window_is_exact() -> None:
    for n in range(1, 200):
        lo, hi = window(n, 75)
        assert fuzz.ratio("a" * n, "a" * lo) >= 75 and fuzz.ratio("a" * n, "a" * hi) >= 75
        assert fuzz.ratio("a" * n, "a" * (hi + 1)) < 75
        if lo > 1:
            assert fuzz.ratio("a" * n, "a" * (lo - 1)) < 75


def test_retrieval_finds_the_true_best_match_like_brute_force(db: Database, tmp_path: Path) -> None:
    rng = random.Random(7)
    words = ("parties cooperation trade energy security summit agreement ministers transport digital "
             "investment region stability Astana Tashkent Bishkek Ashgabat Dushanbe Beijing signed agreed "
             "welcomed reaffirmed expand deepen strengthen joint the of and in on with for to").split()
    sentences = list(dict.fromkeys(" ".join(rng.choices(words, k=rng.randint(6, 24))) + "." for _ in range(3000)))
    import_files(db, [write(tmp_path / "gen.tmx", tmx(*(tu(("en", s), ("ru", "перевод")) for s in sentences)))],
                 author="tester")
    index, keys = TmIndex(), [match_key(s) for s in sentences]
    found = 0
    queries = [s.replace(rng.choice(s.split()), rng.choice(words), 1) for s in rng.sample(sentences, 60)]
    with db.read() as s:
        lang_ids = [lid for (lid,) in s.connection().exec_driver_sql("SELECT id FROM tm_lang WHERE tag = 'en'")]
        for q in queries:
            key = match_key(q)
            truth = max(fuzz.ratio(key, k) for k in keys)
            got = index.fuzzy(s, key, lang_ids, 75, 5)
            found += bool(got) and got[0][2] >= truth - 1e-9
    assert found == len(queries)
