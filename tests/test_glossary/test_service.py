"""Termbase integrity, validation, history and undo, on a real SQLite file."""

from __future__ import annotations

import json

import pytest

from glossary.errors import IntegrityConflict, NotFoundError, ValidationError
from glossary.records import ConceptDraft, TermDraft
from tests.conftest import T


def _sco(service, **kw):
    return service.add_concept(ConceptDraft("organization", (
        T("en", "Shanghai Cooperation Organisation"), T("ru", "Шанхайская организация сотрудничества"),
        T("zh-Hans", "上海合作组织")), **kw))


def test_concept_roundtrip_keeps_every_field(service) -> None:
    c = service.add_concept(ConceptDraft(
        "place", (TermDraft("ru", "Астана", gender="feminine", number="singular", source="kremlin.ru"),
                  TermDraft("en", "Astana", note="capital since 1997"),
                  TermDraft("zh-CN", "阿斯塔纳")),
        subject="capitals", definition="Capital of Kazakhstan", note="Nur-Sultan 2019–2022",
        sources=("seed 000",), code="KZ-AST"))
    got = service.get_concept(c.id)
    assert [t.lang for t in got.terms] == ["en", "zh-Hans", "ru"]  # display order, zh-CN canonicalized
    ru = got.preferred("ru")
    assert (ru.gender, ru.number, ru.source) == ("feminine", "singular", "kremlin.ru")
    assert got.preferred("en").note == "capital since 1997"
    assert (got.subject, got.definition, got.note, got.sources, got.code) == (
        "capitals", "Capital of Kazakhstan", "Nur-Sultan 2019–2022", ("seed 000",), "KZ-AST")
    assert got.created_by == "tester" and got.created_at is not None


def test_one_preferred_term_per_concept_and_language(service) -> None:
    c = _sco(service)
    with pytest.raises(IntegrityConflict, match="already has a preferred en term"):
        service.add_term(c.id, TermDraft("en", "Shanghai Cooperation Organization"))
    admitted = service.add_term(c.id, TermDraft("en", "Shanghai Cooperation Organization", status="admitted"))
    with pytest.raises(IntegrityConflict, match="preferred"):
        service.set_status(admitted.id, "preferred")
    assert [t.text for t in service.get_concept(c.id).terms_in("en")] == [
        "Shanghai Cooperation Organisation", "Shanghai Cooperation Organization"]


def test_same_text_cannot_be_preferred_in_two_concepts_without_override(service) -> None:
    _sco(service)
    draft = ConceptDraft("organization", (T("en", "shanghai cooperation organisation"),))
    with pytest.raises(IntegrityConflict, match="already the preferred en term of concept"):
        service.add_concept(draft)
    assert service.count() == (1, 3)  # nothing was written
    second = service.add_concept(draft, allow_duplicate=True)
    assert second.preferred("en").text == "shanghai cooperation organisation"
    # the same text as admitted in another concept is fine
    service.add_concept(ConceptDraft("other", (T("ru", "Шанхайская организация сотрудничества", "admitted"),)))


def test_duplicate_text_in_one_concept_is_refused(service) -> None:
    c = _sco(service)
    with pytest.raises(IntegrityConflict, match="already has the ru term"):
        service.add_term(c.id, TermDraft("ru", "Шанхайская организация сотрудничества", status="admitted"))


@pytest.mark.parametrize(("draft", "message"), [
    (TermDraft("xx-yy-zz", "a"), "unknown language tag"),
    (TermDraft("en", "   "), "text: must not be empty"),
    (TermDraft("en", "a\tb"), "control characters"),
    (TermDraft("en", "x" * 501), "longer than"),
    (TermDraft("en", "ok", status="approved"), "status: 'approved' is not one of preferred"),
    (TermDraft("en", "ok", type="nickname"), "type: 'nickname' is not one of"),
    (TermDraft("ru", "Астана", gender="female"), "gender: 'female'"),
])
def test_invalid_terms_are_rejected_with_the_field_named(service, draft: TermDraft, message: str) -> None:
    c = _sco(service)
    with pytest.raises(ValidationError, match=message):
        service.add_term(c.id, draft)
    assert len(service.get_concept(c.id).terms) == 3


def test_unknown_category_and_missing_ids(service) -> None:
    with pytest.raises(ValidationError, match="category: 'country' is not one of"):
        service.add_concept(ConceptDraft("country", (T("en", "Kazakhstan"),)))
    with pytest.raises(NotFoundError):
        service.get_concept(999)
    with pytest.raises(NotFoundError):
        service.edit_term(999, note="x")


def test_history_records_before_and_after(service) -> None:
    c = _sco(service)
    term = c.preferred("ru")
    service.edit_term(term.id, note="официальное название")
    changes = service.history(c.id)
    update = changes[0]
    assert update.action == "update" and update.entity == "term" and update.author == "tester"
    assert update.before["note"] is None and update.after["note"] == "официальное название"
    assert {ch.action for ch in changes} == {"create", "update"}


def test_undo_reverts_edit_delete_and_merge_in_order(service, fixture_tb=None) -> None:
    c = _sco(service)
    other = service.add_concept(ConceptDraft("organization", (
        T("en", "SCO"), T("ru", "ШОС"), T("zh-Hans", "上合组织"))))
    en = c.preferred("en")
    service.edit_term(en.id, text="Shanghai Cooperation Organization", note="US spelling")
    service.merge(c.id, other.id)
    merged = service.get_concept(c.id)
    assert {t.text for t in merged.terms_in("en")} == {"Shanghai Cooperation Organization", "SCO"}
    assert merged.preferred("en").text == "Shanghai Cooperation Organization"  # SCO demoted to admitted
    with pytest.raises(NotFoundError):
        service.get_concept(other.id)

    result = service.undo()  # the merge
    assert "merge" in result.description
    restored = service.get_concept(other.id)
    assert restored.preferred("en").text == "SCO" and len(restored.terms) == 3
    assert len(service.get_concept(c.id).terms) == 3

    service.undo()  # the edit
    assert service.get_concept(c.id).preferred("en").text == "Shanghai Cooperation Organisation"

    service.delete_concept(other.id)
    service.undo()  # the delete
    assert service.get_concept(other.id).preferred("ru").text == "ШОС"


def test_undo_keeps_the_lookup_index_in_step(fixture_tb) -> None:
    lookup, svc, ids = fixture_tb
    en = svc.get_concept(ids["ashgabat"]).preferred("en")
    svc.edit_term(en.id, text="Ashkhabad")
    assert lookup.search("Ashkhabad")[0].matched_by == "exact"
    svc.undo()
    assert lookup.search("Ashgabat")[0].matched_by == "exact"
    assert all(h.matched_term != "Ashkhabad" for h in lookup.search("Ashkhabad"))


def test_undo_with_nothing_to_undo(service) -> None:
    with pytest.raises(NotFoundError, match="nothing to undo"):
        service.undo()


def test_failed_batch_leaves_nothing(service) -> None:
    drafts = [ConceptDraft("place", (T("en", "Astana"),)), ConceptDraft("place", (T("en", "Astana"),))]
    with pytest.raises(IntegrityConflict):
        service.add_concepts(drafts)
    assert service.count() == (0, 0)
    assert service.history() == []


def test_ids_of_deleted_concepts_are_never_reused(service) -> None:
    first = service.add_concept(ConceptDraft("place", (T("en", "Khujand"),)))
    service.delete_concept(first.id)
    second = service.add_concept(ConceptDraft("place", (T("en", "Termez"),)))
    assert second.id > first.id
    service.undo()  # removes Termez
    service.undo()  # brings Khujand back under its own id
    assert service.get_concept(first.id).preferred("en").text == "Khujand"


def test_undo_of_a_delete_brings_back_imported_attributes_and_origins(service) -> None:
    """Data categories kept from a TBX file (``attrs``) and the file entry a concept came from
    (``concept_origin``) come back with the concept when its deletion is undone."""
    c = _sco(service)
    with service.db.write() as s:
        conn = s.connection()
        conn.exec_driver_sql("UPDATE concept SET attrs = ? WHERE id = ?", ('{"x-tbx:customer": "МИД"}', c.id))
        conn.exec_driver_sql("UPDATE term SET attrs = ? WHERE concept_id = ? AND lang = 'zh-Hans'",
                             ('{"termLocation": "标题"}', c.id))
        conn.exec_driver_sql("INSERT INTO concept_origin (origin, entry_id, concept_id) VALUES (?, ?, ?)",
                             ("tbx:sco.tbx", "c42", c.id))

    def state() -> tuple:
        with service.db.read() as s:
            conn = s.connection()
            return (json.loads(conn.exec_driver_sql("SELECT attrs FROM concept WHERE id = ?", (c.id,)).scalar()),
                    sorted((lang, text, json.loads(attrs) if attrs else None)
                           for lang, text, attrs in conn.exec_driver_sql(
                               "SELECT lang, text, attrs FROM term WHERE concept_id = ?", (c.id,))),
                    conn.exec_driver_sql("SELECT origin, entry_id FROM concept_origin WHERE concept_id = ?",
                                         (c.id,)).all())

    before = state()
    assert before[0] == {"x-tbx:customer": "МИД"} and before[2] == [("tbx:sco.tbx", "c42")]
    service.delete_concept(c.id)
    with pytest.raises(NotFoundError):
        service.get_concept(c.id)
    service.undo()
    assert state() == before
