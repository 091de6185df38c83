"""Every lookup kind, table-driven, with English, Chinese and Russian rows."""

from __future__ import annotations

import pytest

from glossary.errors import ValidationError

CASES = [
    # query, expected concept, how it must match
    ("Shanghai Cooperation Organisation", "sco", "exact"),
    ("上海合作组织", "sco", "exact"),
    ("ШОС", "sco", "exact"),
    ("Zaparov", "japarov", "exact"),
    # normalized: case, dashes, quotes, spaces, articles, Traditional → Simplified
    ("shanghai cooperation organisation", "sco", "normalized"),
    ("China Central Asia", "c5", "normalized"),
    ("china-central asia", "c5", "normalized"),
    ("«Китай-Центральная Азия»", "c5", "normalized"),
    ("Китай—Центральная Азия", "c5", "normalized"),
    ("CHINA – CENTRAL ASIA SUMMIT", "summit", "normalized"),
    ("the Belt and Road Initiative", "bri", "normalized"),
    ("上合組織", "sco", "normalized"),
    ("中國—中亞峰會", "summit", "normalized"),
    ("共建\"一帶一路\"倡議", "bri", "normalized"),
    # lemma: Russian inflected forms
    ("Шанхайской организации сотрудничества", "sco", "lemma"),
    ("в Ашхабаде", "ashgabat", "lemma"),
    ("Токаева", "tokayev", "lemma"),
    ("Касым-Жомарта Токаева", "tokayev", "lemma"),
    ("с Шавкатом Мирзиёевым", "mirziyoyev", "lemma"),
    ("Договора о вечном добрососедстве, дружбе и сотрудничестве", "treaty", "lemma"),
    ("Саммита «Китай – Центральная Азия»", "summit", "lemma"),
    # pinyin, with and without tones and spaces
    ("shanghai hezuo zuzhi", "sco", "pinyin"),
    ("shang hai he zuo zu zhi", "sco", "pinyin"),
    ("shànghǎi hézuò zǔzhī", "sco", "pinyin"),
    ("ashihabade", "ashgabat", "pinyin"),
    ("Āshíhābādé", "ashgabat", "pinyin"),
    ("yidaiyilu", "bri", "pinyin"),
    ("yi dai yi lv", "bri", "pinyin"),
    ("tuokayefu", "tokayev", "pinyin"),
    # transliteration Latin ↔ Cyrillic and romanization variants
    ("Tokaev", "tokayev", "transliteration"),
    ("Zhaparov", "japarov", "transliteration"),
    ("Джапаров", "japarov", "transliteration"),
    ("Mirziyoev", "mirziyoyev", "transliteration"),
    ("Ashkhabad", "ashgabat", "transliteration"),
    ("Токаеф", "tokayev", "fuzzy"),
    # prefix and substring, for search as you type
    ("Shanghai Coop", "sco", "prefix"),
    ("Шанхайская орг", "sco", "prefix"),
    ("Шанхайской организации", "sco", "prefix"),
    ("Договора о вечном", "treaty", "prefix"),
    ("上海合", "sco", "prefix"),
    ("Cooperation Organisation", "sco", "substring"),
    ("合作组织", "sco", "substring"),
    ("合作", "sco", "substring"),
    ("Good-Neighbourliness", "treaty", "substring"),
    # fuzzy: misspellings
    ("Shanghai Cooperaton Organisaton", "sco", "fuzzy"),
    ("Belt and Raod Initiatve", "bri", "fuzzy"),
    ("Шанхайская организация сотрудничиства", "sco", "fuzzy"),
    ("Ashgabad", "ashgabat", "fuzzy"),
    ("shanghai hezou zuzhi", "sco", "fuzzy"),
    ("gongjian yidai yilv chanyi", "bri", "fuzzy"),
    ("gongjian yidai yilv changyi", "bri", "pinyin"),
    # Chinese homophones typed through a pinyin IME
    ("扎帕落夫", "japarov", "pinyin"),
    ("阿什哈八德", "ashgabat", "pinyin"),
]


@pytest.mark.parametrize(("query", "expected", "matched_by"), CASES, ids=[c[0] for c in CASES])
def test_lookup_kind(fixture_tb, query: str, expected: str, matched_by: str) -> None:
    lookup, _svc, ids = fixture_tb
    hits = lookup.search(query)
    assert hits, f"{query!r} found nothing"
    top = hits[0]
    assert top.concept.id == ids[expected], f"{query!r} → {top.concept.label()} ({top.matched_by})"
    assert top.matched_by == matched_by


def test_scores_rank_better_kinds_first(fixture_tb) -> None:
    lookup, _svc, ids = fixture_tb
    hits = lookup.search("Shanghai")
    assert [h.concept.id for h in hits[:2]] == [ids["shanghai"], ids["sco"]]
    assert hits[0].matched_by == "exact" and hits[1].matched_by == "prefix"
    assert hits[0].score > hits[1].score


def test_fuzzy_ranks_below_every_index_kind(fixture_tb) -> None:
    lookup, _svc, _ids = fixture_tb
    fuzzy = lookup.search("Shanghai Cooperaton Organisaton")[0]
    assert fuzzy.matched_by == "fuzzy" and fuzzy.score <= 75
    strong = [lookup.search(q)[0] for q, _e, kind in CASES if kind not in ("fuzzy", "prefix", "substring")]
    assert min(h.score for h in strong) > 75
    # a concept reachable by a substring is reported as such, not as a fuzzy hit
    assert lookup.search("Cooperation Organisation")[0].matched_by == "substring"


def test_deprecated_match_is_reported_with_its_status(fixture_tb) -> None:
    lookup, _svc, ids = fixture_tb
    hit = lookup.search("Zaparov")[0]
    assert hit.matched_status == "deprecated"
    assert hit.concept.preferred("en").text == "Sadyr Japarov"


def test_lang_restricts_the_query_language(fixture_tb) -> None:
    lookup, _svc, ids = fixture_tb
    assert lookup.search("ШОС", lang="ru")[0].matched_by == "exact"
    assert all(h.matched_term != "ШОС" for h in lookup.search("ШОС", lang="en"))
    assert lookup.search("上合組織", lang="zh")[0].concept.id == ids["sco"]
    assert lookup.search("上海合作組織", lang="zh-Hant")[0].matched_by == "exact"


def test_json_shape(fixture_tb) -> None:
    lookup, _svc, ids = fixture_tb
    data = lookup.search("SCO")[0].to_json()
    assert set(data) == {"concept_id", "category", "score", "matched_by", "matched_term", "terms"}
    assert data["concept_id"] == ids["sco"] and data["category"] == "organization"
    assert 0 <= data["score"] <= 100
    assert set(data["terms"]) == {"en", "zh-Hans", "zh-Hant", "ru"}
    assert data["terms"]["ru"][0] == {
        "text": "Шанхайская организация сотрудничества", "status": "preferred", "type": "full"}
    assert all(set(t) == {"text", "status", "type"} for ts in data["terms"].values() for t in ts)


@pytest.mark.parametrize("query", ["", "   ", "—", "«»"])
def test_empty_queries_are_rejected(fixture_tb, query: str) -> None:
    lookup, _svc, _ids = fixture_tb
    with pytest.raises(ValidationError):
        lookup.search(query)


def test_unknown_language_tag_is_rejected(fixture_tb) -> None:
    lookup, _svc, _ids = fixture_tb
    with pytest.raises(ValidationError, match="unknown language tag"):
        lookup.search("SCO", lang="klingon-xx")


def test_lookup_sees_edits_at_once(fixture_tb) -> None:
    lookup, svc, ids = fixture_tb
    assert lookup.search("Shanghai Cooperaton Organisaton")[0].matched_by == "fuzzy"  # builds the fuzzy pool
    svc.add_variant(ids["ashgabat"], "en", "Ashkhabad Cooperaton Organisaton")
    hit = lookup.search("Ashkhabad Cooperaton Organisaton")[0]
    assert hit.concept.id == ids["ashgabat"] and hit.matched_by == "exact"
    assert lookup.search("Ashkhabad Cooperation Organisation")[0].concept.id == ids["ashgabat"]


FUZZY_CASES = [c for c in CASES if c[2] == "fuzzy"]


@pytest.mark.parametrize(("query", "expected", "matched_by"), FUZZY_CASES, ids=[c[0] for c in FUZZY_CASES])
def test_in_memory_fuzzy_path_for_other_backends(fixture_tb, query: str, expected: str, matched_by: str) -> None:
    """Backends without FTS5 (PostgreSQL) fall back to in-memory rapidfuzz pools: same answers."""
    from glossary.fuzzy import FuzzyIndex

    lookup, _svc, ids = fixture_tb
    lookup.trigrams, lookup.fuzzy_index = None, FuzzyIndex()
    top = lookup.search(query)[0]
    assert (top.concept.id, top.matched_by) == (ids[expected], matched_by)
