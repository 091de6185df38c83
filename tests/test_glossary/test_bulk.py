"""The bulk concept writer: the service's rules in memory, one undoable batch, keys for lookup, origins."""

from __future__ import annotations

import pytest

from glossary.bulk import BulkConcept, BulkEntryError, BulkResult, BulkTerm, BulkWriter
from glossary.db import Database
from glossary.lookup import Lookup
from glossary.records import ConceptDraft, TermDraft
from glossary.service import TermbaseService


def table_counts(db: Database) -> dict[str, int]:
    with db.read() as s:
        conn = s.connection()
        return {t: conn.exec_driver_sql(f"SELECT COUNT(*) FROM {t}").scalar()
                for t in ("concept", "term", "term_key", "change", "change_batch", "concept_origin")}


def add(db: Database, concepts: list[BulkConcept], origin: str | None = "test:file") -> BulkResult:
    """Add concepts in one write transaction, as an import does."""
    with db.write() as s:
        writer = BulkWriter(s, "bulk-tester", "import test")
        result = writer.add(concepts, origin=origin)
        writer.finish()
    return result


SCO = BulkConcept(terms=(BulkTerm("en", "Shanghai Cooperation Organisation"),
                         BulkTerm("en", "SCO", "admitted", "acronym"),
                         BulkTerm("ru", "Шанхайская организация сотрудничества"), BulkTerm("zh-CN", "上海合作组织")),
                  category="organization", entry_id="c1")


def test_added_concepts_are_found_by_lookup(db: Database) -> None:
    result = add(db, [SCO])
    assert (result.added, result.terms) == (1, 4)
    hits = Lookup(db).search("Шанхайской организации сотрудничества", limit=1)
    assert hits and hits[0].concept.id == result.concept_ids[0]
    concept = TermbaseService(db).get_concept(result.concept_ids[0])
    assert {t.lang for t in concept.terms} == {"en", "ru", "zh-Hans"}
    assert concept.created_by == "bulk-tester"


def test_rules_applied_in_memory(db: Database) -> None:
    twice = BulkConcept(terms=(BulkTerm("en", "Astana"), BulkTerm("en", "Nur-Sultan"),
                               BulkTerm("en", "Astana", "admitted")), category="place", entry_id="c2")
    result = add(db, [twice])
    assert (result.demoted, result.dropped_terms) == (1, 1)
    (concept,) = TermbaseService(db).list_concepts()
    assert {t.text: t.status for t in concept.terms} == {"Astana": "preferred", "Nur-Sultan": "admitted"}
    with db.read() as s:
        attrs = s.connection().exec_driver_sql("SELECT attrs FROM term WHERE text = 'Nur-Sultan'").scalar()
    assert '"status": "preferred"' in attrs


def test_preferred_elsewhere_is_accepted_and_counted(db: Database) -> None:
    add(db, [SCO])
    other = BulkConcept(terms=(BulkTerm("en", "shanghai cooperation organisation"),), category="other", entry_id="x")
    assert add(db, [other], origin="test:other").shared_preferred == 1


def test_invalid_entry_names_its_line_and_changes_nothing(db: Database) -> None:
    bad = BulkConcept(terms=(BulkTerm("en", "ok"), BulkTerm("en", "x", status="approved")), line=17)
    before = table_counts(db)
    with pytest.raises(BulkEntryError) as err:
        add(db, [SCO, bad])
    assert err.value.line == 17 and "status" in str(err.value)
    assert table_counts(db) == before
    with pytest.raises(BulkEntryError, match="at least one term"):
        add(db, [BulkConcept(terms=(), line=3)])


def test_same_origin_adds_nothing_and_content_identity(db: Database) -> None:
    anonymous = BulkConcept(terms=(BulkTerm("en", "Ashgabat"),), category="place")
    add(db, [SCO, anonymous])
    again = add(db, [SCO, anonymous])
    assert (again.added, again.unchanged) == (0, 2)
    assert table_counts(db)["concept"] == 2
    # the same content from another file (a copy, the termbase's own export) is the same concept ...
    copy = BulkConcept(terms=tuple(reversed(SCO.terms)), category=SCO.category, entry_id="elsewhere-7")
    assert (add(db, [copy], origin="test:another file").added, table_counts(db)["concept"]) == (0, 2)
    assert add(db, [copy], origin="test:another file").unchanged == 1  # and is remembered for that file
    # ... but not one that differs in a term, the category or the definition
    fewer = BulkConcept(terms=SCO.terms[:1], category=SCO.category)
    other_kind = BulkConcept(terms=SCO.terms, category="other")
    defined = BulkConcept(terms=SCO.terms, category=SCO.category, definition="A regional organisation.")
    assert add(db, [fewer, other_kind, defined], origin="test:another file").added == 3


def test_one_compact_batch_and_undo(db: Database) -> None:
    before = table_counts(db)
    add(db, [SCO, BulkConcept(terms=(BulkTerm("en", "Ashgabat"),), category="place", entry_id="c3")])
    after = table_counts(db)
    assert after["change_batch"] == before["change_batch"] + 1
    assert after["change"] == before["change"] + 2  # one per concept, not one per row
    with db.read() as s:
        state = s.connection().exec_driver_sql("SELECT after FROM change ORDER BY id DESC LIMIT 1").scalar()
    assert '"text": "Ashgabat"' in state
    result = TermbaseService(db).undo()
    assert result.changes == 2
    left = table_counts(db)
    assert {k: left[k] for k in ("concept", "term", "term_key", "concept_origin")} == {
        "concept": 0, "term": 0, "term_key": 0, "concept_origin": 0}


def test_ids_never_reused(db: Database) -> None:
    first = add(db, [SCO]).concept_ids
    TermbaseService(db).undo()
    second = add(db, [SCO]).concept_ids
    assert second[0] > first[0]


def test_undo_of_a_large_import_is_bulk_and_leaves_indexes_consistent(db: Database) -> None:
    """An import's undo deletes in chunks (not one ORM delete per concept); terms, lookup keys, the
    FTS index and file origins all go, hand-made concepts stay, and the undo is recorded compactly."""
    service = TermbaseService(db)
    kept = service.add_concept(ConceptDraft("place", (TermDraft("en", "Astana"), TermDraft("ru", "Астана"))))
    before = table_counts(db)
    concepts = [BulkConcept(terms=(BulkTerm("en", f"Joint Commission No. {i}"),
                                   BulkTerm("ru", f"Совместная комиссия № {i}"),
                                   BulkTerm("zh-Hans", f"第{i}号联合委员会")), category="organization",
                            entry_id=f"e{i}") for i in range(1234)]
    add(db, concepts)
    assert Lookup(db).search("Совместной комиссии № 77")
    result = service.undo()
    assert result.changes == 1234
    assert table_counts(db) == {**before, "change_batch": before["change_batch"] + 2,
                                "change": before["change"] + 2 * 1234}
    assert not Lookup(db).search("Joint Commission No. 77")
    assert service.get_concept(kept.id).preferred("ru").text == "Астана"
    with db.write() as s:  # the external-content FTS index agrees with term_key
        s.connection().exec_driver_sql("INSERT INTO term_key_fts(term_key_fts) VALUES ('integrity-check')")
        undo = s.connection().exec_driver_sql(
            "SELECT count(*), min(action), max(action) FROM change WHERE batch_id = (SELECT max(id) FROM change_batch)"
        ).one()
    assert tuple(undo) == (1234, "delete", "delete")
