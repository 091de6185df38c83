"""Editing and deleting TM units: matching, concordance and export follow at once; nothing else changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.errors import NotFoundError, ValidationError
from sources.exporter import export_tm
from sources.importer import import_files
from tests.tmxfiles import tmx, tu, write
from tm.editing import TmEditor
from tm.service import TmService
from tm.units import load_units

UNITS = [
    tu(("en", "The parties signed the Treaty on Permanent Good-Neighbourliness in Astana."),
       ("ru", "Стороны подписали Договор о вечном добрососедстве в Астане."),
       inner='<note>checked by the desk</note>'),
    tu(("en", "Sadyr Japarov met Shavkat Mirziyoyev in Ashgabat."),
       ("zh-CN", "萨德尔·扎帕罗夫在阿什哈巴德会见了沙夫卡特·米尔济约耶夫。"),
       ("ru", "Садыр Жапаров встретился с Шавкатом Мирзиёевым в Ашхабаде.")),
    tu(("en", "The <bpt i=\"1\">&lt;b&gt;</bpt>summit<ept i=\"1\">&lt;/b&gt;</ept> opened in Astana."),
       ("ru", "Саммит открылся в Астане.")),
]


@pytest.fixture
def tm(fixture_tb, tmp_path: Path) -> TmService:
    lookup, _svc, _ids = fixture_tb
    import_files(lookup.db, [write(tmp_path / "tm.tmx", tmx(*UNITS))], author="tester")
    return TmService(lookup.db)


def _unit_ids(tm: TmService) -> list[int]:
    with tm.db.read() as s:
        return [i for (i,) in s.connection().exec_driver_sql("SELECT id FROM tm_unit ORDER BY id")]


def test_edited_segment_is_matched_searched_and_exported(tm: TmService, tmp_path: Path) -> None:
    first = _unit_ids(tm)[0]
    editor = TmEditor(tm.db, author="editor")
    unit = editor.edit_segment(first, "ru", "Стороны подписали Договор о вечном добрососедстве, дружбе и "
                                            "сотрудничестве в Астане.")
    assert "дружбе" in unit.variant("ru").text
    assert unit.annotations[0].text == "checked by the desk"  # the unit's note stays
    assert unit.variant("ru").attrs["changeid"] == "editor" and unit.attrs["changeid"] == "editor"
    tm.index.forget()
    assert [o.unit_id for o in tm.search("дружбе и сотрудничестве")] == [first]
    assert tm.search("добрососедстве в Астане") == []
    best = tm.match("The parties signed the Treaty on Permanent Good-Neighbourliness in Astana.",
                    source_lang="en", target_lang="ru")[0]
    assert best.unit_id == first and "дружбе" in best.target.text
    edited_en = editor.edit_segment(first, "en", "The parties signed the Treaty in Astana.")
    tm.index.forget()
    assert tm.match("The parties signed the Treaty in Astana.", source_lang="en", target_lang="ru")[0].score == 100
    assert tm.match("The parties signed the Treaty on Permanent Good-Neighbourliness in Astana.",
                    source_lang="en", target_lang="ru", min_score=90) == []
    out = export_tm(tm.db, tmp_path / "out.tmx")
    text = out.path.read_text(encoding="utf-8")
    assert edited_en.variant("en").text in text and "дружбе" in text and "Good-Neighbourliness" not in text


def test_refused_edits_change_nothing(tm: TmService, tmp_path: Path) -> None:
    first, second, tagged = _unit_ids(tm)
    editor = TmEditor(tm.db)
    before = load_units_all(tm)
    with pytest.raises(ValidationError, match="inline codes"):
        editor.edit_segment(tagged, "en", "The summit closed in Astana.")
    import_files(tm.db, [write(tmp_path / "near.tmx", tmx(tu(
        ("en", "The parties signed the Treaty on Permanent Good-Neighbourliness in Astana."),
        ("ru", "Стороны подписали Договор в Астане."), inner='<note>checked by the desk</note>')))], author="t")
    twin = _unit_ids(tm)[-1]
    with pytest.raises(ValidationError, match=f"identical to unit {first}"):
        editor.edit_segment(twin, "ru", "Стороны подписали Договор о вечном добрососедстве в Астане.")
    with pytest.raises(NotFoundError):
        editor.edit_segment(first, "zh-Hans", "新的")
    with pytest.raises(ValidationError):
        editor.edit_segment(second, "en", "   ")
    with pytest.raises(NotFoundError):
        editor.edit_segment(99999, "en", "x")
    after = load_units_all(tm)
    assert after[tagged] == before[tagged] and after[second] == before[second]


def load_units_all(tm: TmService):  # type: ignore[no-untyped-def]
    with tm.db.read() as s:
        return load_units(s, _unit_ids(tm))


def test_deleted_units_leave_match_search_and_export(tm: TmService, tmp_path: Path) -> None:
    first, second, _tagged = _unit_ids(tm)
    with pytest.raises(NotFoundError):
        TmEditor(tm.db).delete_units([second, 424242])
    assert len(_unit_ids(tm)) == 3  # nothing deleted
    assert TmEditor(tm.db).delete_units([second]) == 1
    tm.index.forget()
    assert tm.search("Ашхабаде") == [] and tm.search("扎帕罗夫") == []
    assert tm.match("Sadyr Japarov met Shavkat Mirziyoyev in Ashgabat.", source_lang="en", target_lang="ru") == []
    assert tm.counts()[0] == 2
    assert "Mirziyoyev" not in export_tm(tm.db, tmp_path / "out.tmx").path.read_text(encoding="utf-8")
    # importing it again brings it back under a new id, matched again
    import_files(tm.db, [write(tmp_path / "again.tmx", tmx(UNITS[1]))], author="tester")
    tm.index.forget()
    again = tm.match("Sadyr Japarov met Shavkat Mirziyoyev in Ashgabat.", source_lang="en", target_lang="ru")
    assert again and again[0].score == 100 and again[0].unit_id not in (first, second)


def test_cli_edit_and_delete(tm: TmService, capsys) -> None:
    from glossary.cli import main

    first, second, tagged = _unit_ids(tm)
    db = tm.db.url.removeprefix("sqlite:///")
    assert main(["--db", db, "tm", "edit", str(first), "--lang", "ru", "Стороны подписали Договор."]) == 0
    assert "segment replaced" in capsys.readouterr().err
    assert main(["--db", db, "tm", "edit", str(tagged), "--lang", "en", "x"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "inline codes" in err
    assert main(["--db", db, "tm", "delete", str(second), "999999"]) == 2
    assert "999999" in capsys.readouterr().err
    assert main(["--db", db, "tm", "delete", str(second)]) == 0
    assert tm.counts()[0] == 2


def test_ids_of_deleted_segments_are_never_reused(tm: TmService, tmp_path: Path) -> None:
    last = _unit_ids(tm)[-1]
    with tm.db.read() as s:
        top = s.connection().exec_driver_sql("SELECT max(id) FROM tm_variant").scalar()
    TmEditor(tm.db).delete_units([last])
    import_files(tm.db, [write(tmp_path / "new.tmx", tmx(tu(("en", "A new sentence."), ("ru", "Новое предложение."))))],
                 author="tester")
    with tm.db.read() as s:
        ids = [i for (i,) in s.connection().exec_driver_sql("SELECT id FROM tm_variant ORDER BY id")]
    assert all(i > top for i in ids[-2:])
