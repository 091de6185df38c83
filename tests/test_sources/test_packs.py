"""The bundled China–Central Asia pack: validity, coverage, CLDR names, seed variants, safe updates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from babel import Locale
from sqlalchemy import select

from glossary.models import PackEntry
from glossary.service import TermbaseService
from sources.packs import DEFAULT_PACK
from sources.packs.loader import PackError, load_pack
from sources.packs.sync import sync_pack
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def pack():
    return load_pack(DEFAULT_PACK)


def _seed_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))


def _ids_by_key(service: TermbaseService) -> dict[str, int]:
    with service.db.read() as s:
        return {e.entry_key: e.concept_id for e in s.scalars(select(PackEntry))}


def test_bundled_pack_is_large_and_trilingual(pack) -> None:
    assert len(pack.concepts) >= 200
    categories = {pc.draft.category for pc in pack.concepts}
    expected = {"treaty", "declaration", "organization", "mechanism", "place", "person", "initiative", "title"}
    assert expected <= categories
    for pc in pack.concepts:
        # every concept is usable in all three languages; a context-dependent rendering (akim: 市长 for
        # a city, 州长 for a region) may have two admitted terms and no single preferred one
        approved = {t.lang for t in pc.draft.terms if t.status in ("preferred", "admitted")}
        assert {"en", "zh-Hans", "ru"} <= approved, f"{pc.key} lacks {sorted({'en', 'zh-Hans', 'ru'} - approved)}"
        assert any(t.lang == "en" and t.status == "preferred" for t in pc.draft.terms), pc.key


def test_standard_neighbours_are_present(pack) -> None:
    english = {t.text for pc in pack.concepts for t in pc.draft.terms if t.lang == "en"}
    for name in ("SCO", "CICA", "BRICS", "WTO", "CIS", "EAEU", "Astana", "Almaty", "Bishkek", "Dushanbe",
                 "Ashgabat", "Tashkent", "Samarkand", "Beijing", "Xi'an"):
        assert name in english, name


def test_country_names_agree_with_cldr(pack) -> None:
    states = [pc for pc in pack.concepts if pc.draft.code and len(pc.draft.code) == 2]
    assert {"CN", "KZ", "KG", "TJ", "TM", "UZ", "RU"} <= {pc.draft.code for pc in states}
    for pc in states:
        for locale, lang in (("en", "en"), ("zh", "zh-Hans"), ("ru", "ru")):
            cldr = Locale.parse(locale).territories[pc.draft.code]
            approved = {t.text for t in pc.draft.terms if t.lang == lang and t.status in ("preferred", "admitted")}
            assert cldr in approved, f"{pc.key}: CLDR {locale} name {cldr!r} not among {approved}"


# (form as written in a seed document, a standard name of the same concept)
SEED_VARIANTS = [
    ("Zaparov", "Sadyr Japarov"),
    ("Sadr Zaparov", "Sadyr Japarov"),
    ("Kasemjomart Tokayev", "Kassym-Jomart Tokayev"),
    ("Berdymukhammedov", "Serdar Berdimuhamedov"),
    ("Chobon-Ata", "Cholpon-Ata"),
    ("Tukumenbash", "Turkmenbashi"),
    ("Permanent Treaty of Good Neighborliness, Friendship and Cooperation", "永久睦邻友好合作条约"),
    ("Treaty of Eternal Good-Neighborly Friendship and Cooperation", "永久睦邻友好合作条约"),
    ("China-Kyrgyzstan-Ukraine Railway", "中吉乌铁路"),
]


@pytest.mark.parametrize(("variant", "standard"), SEED_VARIANTS, ids=[v for v, _ in SEED_VARIANTS])
def test_seed_variants_are_deprecated_terms_of_the_right_concept(pack, variant: str, standard: str) -> None:
    assert variant in _seed_text(), "the variant must really occur in a seed document"
    holders = [pc for pc in pack.concepts if any(t.text == variant for t in pc.draft.terms)]
    assert len(holders) == 1, f"{variant!r} is in {len(holders)} concepts"
    pc = holders[0]
    term = next(t for t in pc.draft.terms if t.text == variant)
    assert term.status in ("deprecated", "forbidden", "superseded") or term.type == "erroneous"
    assert term.note, "a non-standard form must say why"
    assert any(t.text == standard and t.status in ("preferred", "admitted") for t in pc.draft.terms)


def test_one_treaty_four_english_names(pack_tb) -> None:
    lookup, _svc = pack_tb
    names = ["Permanent Treaty of Good Neighborliness, Friendship and Cooperation",
             "Treaty on Permanent Good-Neighborly Relations, Friendship, and Cooperation",
             "Treaty of Eternal Good-Neighborly Friendship and Cooperation"]
    ids = {lookup.search(n)[0].concept.id for n in names}
    assert len(ids) == 1
    assert lookup.search("永久睦邻友好合作条约")[0].concept.id in ids


def test_loading_twice_changes_nothing(pack, pack_tb) -> None:
    _lookup, svc = pack_tb
    before = (svc.count(), len(svc.history(limit=100000)))
    report = sync_pack(svc, pack)
    assert not report.changed and report.unchanged == len(pack.concepts)
    assert (svc.count(), len(svc.history(limit=100000))) == before


def _write_pack(folder: Path, version: int, concepts: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(yaml.safe_dump({"pack": "test-pack", "version": version}), encoding="utf-8")
    (folder / "concepts.yaml").write_text(yaml.safe_dump({"concepts": concepts}, allow_unicode=True), encoding="utf-8")
    return folder


def _concept(key: str, en: str, ru: str, **extra) -> dict:
    return {"key": key, "category": "place", "terms": {"en": [en], "ru": [ru]}, **extra}


def test_newer_pack_updates_but_never_destroys_user_edits(tmp_path: Path, service: TermbaseService) -> None:
    v1 = [_concept("astana", "Astana", "Астана"), _concept("almaty", "Almaty", "Алматы"),
          _concept("osh", "Osh", "Ош"), _concept("khujand", "Khujand", "Худжанд")]
    sync_pack(service, load_pack(_write_pack(tmp_path / "v1", 1, v1)))
    ids = _ids_by_key(service)
    # the user edits Astana, edits Osh the same way the pack will, and deletes Khujand
    astana_en = service.get_concept(ids["astana"]).preferred("en")
    service.edit_term(astana_en.id, note="my note")
    osh_en = service.get_concept(ids["osh"]).preferred("en")
    service.edit_term(osh_en.id, note="city in the south")
    service.delete_concept(ids["khujand"])

    v2 = [_concept("astana", "Astana", "Астана", definition="Capital of Kazakhstan"),  # conflicts with the edit
          _concept("almaty", "Almaty", "Алматы", definition="Largest city of Kazakhstan"),  # clean update
          {**_concept("osh", "Osh", "Ош"),
           "terms": {"en": [{"text": "Osh", "note": "city in the south"}], "ru": ["Ош"]}},
          _concept("khujand", "Khujand", "Худжанд", definition="changed"),
          _concept("termez", "Termez", "Термез")]  # new
    report = sync_pack(service, load_pack(_write_pack(tmp_path / "v2", 2, v2)))
    assert report.added == ["termez"]
    assert report.updated == ["almaty"]
    assert report.conflicts == ["astana"]
    assert report.deleted_by_user == ["khujand"]
    assert report.unchanged == 1  # osh: the user already made the pack's change
    astana = service.get_concept(ids["astana"])
    assert astana.preferred("en").note == "my note" and astana.definition is None
    assert service.get_concept(ids["almaty"]).definition == "Largest city of Kazakhstan"
    # running v2 again is a no-op, and the conflict is still reported rather than overwritten
    again = sync_pack(service, load_pack(tmp_path / "v2"))
    assert not again.changed and again.conflicts == ["astana"]


def test_pack_update_is_one_undoable_batch(tmp_path: Path, service: TermbaseService) -> None:
    sync_pack(service, load_pack(_write_pack(tmp_path / "v1", 1, [_concept("osh", "Osh", "Ош")])))
    sync_pack(service, load_pack(_write_pack(tmp_path / "v2", 2, [_concept("osh", "Osh", "Ош", note="n"),
                                                                  _concept("naryn", "Naryn", "Нарын")])))
    assert service.count() == (2, 4)
    service.undo()
    assert service.count() == (1, 2)


@pytest.mark.parametrize(("content", "line", "message"), [
    ("concepts:\n  - key: a\n    category: place\n    terms: {en: [A]\n", 5, "invalid YAML"),
    ("concepts:\n  - key: a\n    category: place\n    terms: {en: [A]}\n  - key: b\n    category: country\n"
     "    terms: {en: [B]}\n", 6, "'country' is not one of"),
    ("concepts:\n  - key: a\n    category: place\n    terms:\n      en: [A, {text: B, status: preferred}]\n", 2,
     "more than one preferred en term"),
    ("concepts:\n  - key: a\n    category: place\n    terms:\n      en: [A, {text: B, status: deprecated}]\n", 2,
     "has no note saying why"),
    ("concepts:\n  - key: a\n    category: place\n    terms:\n      english: [A]\n", 5, "'english' does not match"),
    ("concepts:\n  - key: Bad Key\n    category: place\n    terms: {en: [A]}\n", 2, "does not match"),
])
def test_pack_errors_name_file_and_line(tmp_path: Path, content: str, line: int, message: str) -> None:
    (tmp_path / "pack.yaml").write_text("pack: t\nversion: 1\n", encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_pack(tmp_path)
    err = info.value.errors[0]
    assert err.path.endswith("bad.yaml") and err.line == line and message in str(err)


def test_duplicate_keys_across_files_are_reported(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text("pack: t\nversion: 1\n", encoding="utf-8")
    for name, term in (("a.yaml", "A"), ("b.yaml", "B")):
        (tmp_path / name).write_text(f"concepts:\n  - key: same\n    category: place\n    terms: {{en: [{term}]}}\n",
                                     encoding="utf-8")
    with pytest.raises(PackError, match="key 'same' is also used at"):
        load_pack(tmp_path)


def test_broken_pack_leaves_database_unchanged(tmp_path: Path, service: TermbaseService) -> None:
    shutil.copytree(DEFAULT_PACK, tmp_path / "p")
    bad = "concepts: [{key: x, category: nope, terms: {en: [X]}}]\n"
    (tmp_path / "p" / "zz.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(PackError):
        sync_pack(service, load_pack(tmp_path / "p"))
    assert service.count() == (0, 0)


# Spellings of one name across the seed documents → all must land on one concept.
SEED_NAME_GROUPS = [
    ["Berdymukhamedov", "Berdymukhammedov", "Serdar Berdimuhamedov"],
    ["Zaparov", "Sadr Zaparov", "Sadyr Japarov"],
    ["Tokayev", "Tokaev", "Kasemjomart Tokayev", "Kassym-Jomart Tokayev"],
    ["China Central Asia Summit", "China-Central Asia Summit"],
    ["China Kyrgyzstan Uzbekistan railway", "China-Kyrgyzstan-Ukraine Railway"],
    ["China-Central Asia Industrialists Committee", "China Central Asia Business Council"],
]


@pytest.mark.parametrize("names", SEED_NAME_GROUPS, ids=[g[0] for g in SEED_NAME_GROUPS])
def test_seed_spellings_of_one_name_find_one_concept(pack_tb, names: list[str]) -> None:
    lookup, _svc = pack_tb
    text = _seed_text()
    assert all(n in text for n in names), [n for n in names if n not in text]
    found = {n: lookup.search(n)[0] for n in names}
    assert len({h.concept.id for h in found.values()}) == 1, {n: h.concept.label() for n, h in found.items()}


def test_trigram_statistics_are_refreshed_by_a_pack_load_and_tolerate_later_edits(pack_tb) -> None:
    lookup, svc = pack_tb
    with svc.db.read() as s:
        from sqlalchemy import text
        assert s.execute(text("SELECT count(*) FROM trigram_df")).scalar() > 1000
    concept = lookup.search("Astana")[0].concept
    svc.add_variant(concept.id, "en", "Qaraghandy Zhezkazgan Xyloquartz")  # grams no bulk refresh has seen
    hit = lookup.search("Qaraghandy Zhezkazgan Xyloquarts")[0]
    assert (hit.concept.id, hit.matched_by) == (concept.id, "fuzzy")
