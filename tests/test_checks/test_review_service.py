"""ReviewService: checks over real files, stored findings with states, accept as variant through the termbase."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.errors import NotFoundError, ValidationError
from tests.test_checks.conftest import write_tmx


def _by_check(findings, check):
    return [f for f in findings if f.check == check]


def test_key_term_mismatch_counted_per_occurrence(review, tmp_path: Path) -> None:
    svc, _tb, ids = review
    tmx = write_tmx(tmp_path / "pairs.tmx", [
        ("Tokayev met Tokayev's guests.", "Токаев встретил гостей."),  # twice in source, once in target
        ("Tokayev met the SCO.", "Токаева встретили в ШОС."),  # case form and acronym count
        ("Sadyr Japarov arrived.", "Прибыл президент."),  # missing: one finding, not two (longest wins)
    ])
    report = svc.run([tmx])
    keyterm = _by_check(report.findings, "keyterm")
    assert sorted((f.line, f.text, f.concept_id) for f in keyterm) == [
        (5, "Tokayev", ids["tokayev"]), (13, "Sadyr Japarov", ids["japarov"])]
    assert all(f.expected in ("Касым-Жомарт Токаев", "Садыр Жапаров") for f in keyterm)
    assert all(f.severity == "error" and f.state == "open" and f.id for f in keyterm)


def test_deprecated_term_with_replacement_and_numbers(review, tmp_path: Path) -> None:
    svc, _tb, ids = review
    tmx = write_tmx(tmp_path / "d.tmx", [
        ("On June 17, 2025, Zaparov spoke.", "17 июня 2025 г. выступил Жапаров."),
        ("On June 17, 2025, Japarov spoke.", "18 июня 2025 г. выступил Жапаров."),
    ])
    report = svc.run([tmx])
    (dep,) = _by_check(report.findings, "forbidden-term")
    assert (dep.text, dep.concept_id, dep.expected, dep.line) == ("Zaparov", ids["japarov"], "Sadyr Japarov", 5)
    (num,) = _by_check(report.findings, "number-mismatch")
    assert num.line == 9 and "June 17" in num.message and "June 18" in num.message


def test_zh_target_dates_and_traditional_characters(review, tmp_path: Path) -> None:
    svc, _tb, _ids = review
    tmx = write_tmx(tmp_path / "zh.tmx", [
        ("The summit opened on June 17, 2025 in Xi'an.", "峰会于2025年6月17日在西安开幕。"),
        ("The Shanghai Cooperation Organisation met.", "上海合作組織举行会议。"),
    ], tgt="zh-CN")
    report = svc.run([tmx])
    assert _by_check(report.findings, "number-mismatch") == []
    (trad,) = _by_check(report.findings, "traditional-in-hans")
    assert trad.text == "組織" and trad.expected == "组织"
    assert _by_check(report.findings, "keyterm") == []  # 上海合作組織 folds to the approved 上海合作组织


def test_inconsistent_translations_and_mixed_script(review, tmp_path: Path) -> None:
    svc, _tb, _ids = review
    one = write_tmx(tmp_path / "a.tmx", [("The talks were held in Astana.", "Переговоры прошли в Астане.")])
    two = write_tmx(tmp_path / "b.tmx", [("The talks were held in Astana.", "Переговоры состоялись в Астане."),
                                          ("The talks took place in Astana.", "Переговоры прошли в Астане."),
                                          ("Kazakhstan", "Кaзахстан")])  # Latin a inside
    report = svc.run([one, two])
    (src,) = _by_check(report.findings, "inconsistent-source")
    assert {(Path(p.file).name, p.line) for p in src.places} == {("a.tmx", 5), ("b.tmx", 5)}
    (tgt,) = _by_check(report.findings, "inconsistent-target")
    assert tgt.text == "Переговоры прошли в Астане." and len(tgt.places) == 2
    (mixed,) = _by_check(report.findings, "mixed-script")
    assert mixed.text == "Кaзахстан" and "'a'" in mixed.message


def test_states_survive_reruns_and_vanished_findings_become_fixed(review, tmp_path: Path) -> None:
    svc, _tb, _ids = review
    doc = tmp_path / "memo.txt"
    doc.write_text("President Zaparov met Tokayev.\nZaparov left.\nMirziyoyev stayed.\n", encoding="utf-8")
    first = svc.run([doc])
    (dep,) = _by_check(first.findings, "forbidden-term")
    assert [(p.line) for p in dep.places] == [1, 2]
    svc.set_state(dep.id, "ignored")
    doc.write_text("A new first line.\nPresident Zaparov met Tokayev.\nZaparov left.\n", encoding="utf-8")
    second = svc.run([doc])
    assert [f.state for f in _by_check(second.findings, "forbidden-term")] == ["ignored"]  # moved, still ignored
    assert svc.findings(state="open", check="forbidden-term") == []
    svc.set_state(dep.id, "open")
    doc.write_text("President Japarov met Tokayev.\n", encoding="utf-8")
    third = svc.run([doc])
    assert third.summary.fixed >= 1 and svc.get(dep.id).state == "fixed"


def test_fixed_only_within_the_checked_files(review, tmp_path: Path) -> None:
    svc, _tb, _ids = review
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Zaparov spoke.\n", encoding="utf-8")
    b.write_text("Zaparov listened.\n", encoding="utf-8")
    svc.run([a, b])
    b.write_text("Japarov listened.\n", encoding="utf-8")
    svc.run([a])  # b not checked: its finding stays open
    assert {Path(f.file).name for f in svc.findings(check="forbidden-term")} == {"a.txt", "b.txt"}


def test_accept_as_variant_adds_the_form_with_history_and_stops_drift(review, tmp_path: Path) -> None:
    svc, tb, ids = review
    doc = tmp_path / "names.txt"
    doc.write_text("Talks with President Mirziyoev today.\nPresident Shavkat Mirziyoyev spoke.\n", encoding="utf-8")
    report = svc.run([doc])
    (near,) = _by_check(report.findings, "near-variant")
    assert (near.text, near.concept_id) == ("Mirziyoev", ids["mirziyoyev"])
    accepted = svc.accept_as_variant(near.id)
    assert accepted.state == "accepted"
    terms = tb.get_concept(ids["mirziyoyev"]).terms
    assert any(t.text == "Mirziyoev" and t.status == "admitted" and t.lang == "en" for t in terms)
    assert tb.history(ids["mirziyoyev"], limit=1)[0].action == "create"
    again = svc.run([doc])
    assert [f for f in again.open_findings() if "Mirziyoev" in (f.text, f.message)] == []
    tb.undo()
    assert not any(t.text == "Mirziyoev" for t in tb.get_concept(ids["mirziyoyev"]).terms)


def test_bad_file_reported_and_the_rest_checked(review, tmp_path: Path) -> None:
    svc, _tb, _ids = review
    good = tmp_path / "good.txt"
    good.write_text("Zaparov spoke.\n", encoding="utf-8")
    bad = tmp_path / "bad.tmx"
    bad.write_text("<tmx><body><tu>", encoding="utf-8")
    report = svc.run([bad, good, tmp_path / "missing.txt"])
    assert report.summary.files == 1 and len(report.errors) == 2
    assert all("\n" not in e.message for e in report.errors)
    assert report.errors[0].message.startswith(str(bad))
    assert _by_check(report.findings, "forbidden-term")


def test_api_errors_and_catalogue(review) -> None:
    svc, _tb, _ids = review
    with pytest.raises(ValidationError):
        svc.run([])
    with pytest.raises(NotFoundError):
        svc.set_state(999, "ignored")
    with pytest.raises(ValidationError):
        svc.findings(state="done")
    infos = svc.checks()
    assert {c.id for c in infos} >= {"keyterm", "forbidden-term", "deprecated-term", "inconsistent-source",
                                     "name-drift", "near-variant", "number-mismatch", "mixed-script",
                                     "traditional-in-hans", "tb-missing-language"}
    assert all(c.severity in ("error", "warning", "info") and c.explanation for c in infos)


def test_progress_callback_and_tm_input(review, tmp_path: Path) -> None:
    from sources.importer import import_files

    svc, _tb, _ids = review
    tmx = write_tmx(tmp_path / "tm.tmx", [("Tokayev met Japarov.", "Токаев встретился с Жапаровым."),
                                          ("Tokayev met Japarov.", "Токаев встретил Жапарова.")])
    import_files(svc.db, [tmx], author="tester")
    calls = []
    report = svc.run([], tm=True, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (1, 1)
    assert report.summary.segments == 2
    (inc,) = _by_check(report.findings, "inconsistent-source")
    assert inc.file == "tm"


def test_termbase_selfcheck(review) -> None:
    svc, tb, ids = review
    tb.add_variant(ids["shanghai"], "en", "SCO", type="acronym")
    report = svc.run([], termbase=True)
    shared = _by_check(report.findings, "tb-shared-term")
    assert any(f.text == "SCO" and set(p.line for p in f.places) == {ids["sco"], ids["shanghai"]} for f in shared)
