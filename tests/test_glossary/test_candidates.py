"""The candidate queue: known names left out, decisions go through the termbase (history, undo)."""

from __future__ import annotations

import pytest

from glossary.candidates import CandidateService
from glossary.errors import NotFoundError, ValidationError
from sources.candidates import extract_candidates

LINES = [
    ("joint.txt", 1, "President Sadyr Japarov met Emomali Rahmon at the Akorda Residence."),
    ("joint.txt", 2, "Sadyr Japarov and Emomali Rahmon signed the Dushanbe Water Declaration."),
    ("speech.txt", 7, "The Akorda Residence hosted the talks; Emomali Rahmon spoke."),
]


@pytest.fixture
def queue(fixture_tb) -> tuple[CandidateService, dict[str, int]]:
    lookup, svc, ids = fixture_tb
    return CandidateService(svc, lookup), ids


def test_known_names_are_left_out_and_new_ones_stored(queue) -> None:
    cands, _ids = queue
    report = cands.add(extract_candidates(LINES))
    texts = {c.text for c in cands.list()}
    assert "Sadyr Japarov" not in texts  # a term of the fixture termbase already
    assert {"Emomali Rahmon", "Akorda Residence", "Dushanbe Water Declaration"} <= texts
    assert report.known >= 1 and report.added == len(texts)
    rahmon = next(c for c in cands.list() if c.text == "Emomali Rahmon")
    assert rahmon.frequency == 3
    assert [(f, n) for f, n, _ in rahmon.places] == [("joint.txt", 1), ("joint.txt", 2), ("speech.txt", 7)]


def test_approve_creates_a_concept_in_history_and_undo_reverts_it(queue) -> None:
    cands, _ids = queue
    cands.add(extract_candidates(LINES))
    cand = next(c for c in cands.list() if c.text == "Akorda Residence")
    concept = cands.approve(cand.id, category="place")
    assert concept.category == "place"
    assert [(t.lang, t.text, t.status) for t in concept.terms] == [("en", "Akorda Residence", "preferred")]
    assert concept.terms[0].source == "joint.txt:1"
    assert cands.get(cand.id).state == "approved" and cands.get(cand.id).concept_id == concept.id
    assert cands.lookup.search("Akorda Residence")[0].concept.id == concept.id
    cands.service.undo()
    with pytest.raises(NotFoundError):
        cands.service.get_concept(concept.id)


def test_merge_adds_a_variant_to_the_suggested_concept(queue) -> None:
    cands, ids = queue
    cands.add(extract_candidates([("a.txt", 1, "President Sadyr Zhaparov arrived.")]))
    cand = next(c for c in cands.list() if c.text == "Sadyr Zhaparov")
    japarov = next(cid for key, cid in ids.items() if "japarov" in key.lower())
    assert cand.concept_id == japarov  # suggested: the closest concept by lookup
    term = cands.merge(cand.id, cand.concept_id, status="deprecated", type="erroneous")
    assert (term.concept_id, term.text, term.status, term.type) == (japarov, "Sadyr Zhaparov", "deprecated",
                                                                      "erroneous")
    assert cands.get(cand.id).state == "merged"
    with pytest.raises(ValidationError, match="already merged"):
        cands.reject(cand.id)


def test_rejected_candidates_do_not_come_back(queue) -> None:
    cands, _ids = queue
    cands.add(extract_candidates(LINES))
    cand = next(c for c in cands.list() if c.text == "Akorda Residence")
    cands.reject(cand.id)
    again = cands.add(extract_candidates(LINES))
    assert again.rejected == 1 and again.added == 0
    assert "Akorda Residence" not in {c.text for c in cands.list()}
    assert cands.reopen(cand.id).state == "new"


def test_a_refused_approval_changes_nothing(queue) -> None:
    cands, _ids = queue
    cands.add(extract_candidates(LINES))
    cand = next(c for c in cands.list() if c.text == "Akorda Residence")
    before = cands.service.count()
    with pytest.raises(ValidationError):
        cands.approve(cand.id, category="planet")
    with pytest.raises(ValidationError):
        cands.approve(cand.id, text="   ")
    assert cands.service.count() == before and cands.get(cand.id).state == "new"
    with pytest.raises(NotFoundError):
        cands.approve(99999)


def test_cli_extracts_from_the_seeds_and_decides(pack_db_file, tmp_path, capsys) -> None:
    """Over the four seed documents with the bundled glossary: known names (Xi Jinping, Zaparov — recorded
    as deprecated — and "Tajikistan Emomali Rahmon", a country then a known name) are left out."""
    import json
    import shutil
    from pathlib import Path

    from glossary.cli import main

    db = tmp_path / "pack.db"
    shutil.copy(pack_db_file, db)
    seeds = sorted(str(p) for p in (Path(__file__).resolve().parents[2].parent / "shared" / "seeds").glob("*.txt"))
    assert len(seeds) == 4
    assert main(["--db", str(db), "candidates", "extract", *seeds]) == 0
    assert "already terms" in capsys.readouterr().err
    assert main(["--db", str(db), "candidates", "list", "--limit", "500", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    texts = {c["text"] for c in listed}
    assert {"Xi Jinping", "Zaparov", "Tajikistan Emomali Rahmon", "Sadyr Japarov"}.isdisjoint(texts)
    assert "Yuhang District" in texts and "South China Morning Post" in texts
    target = next(c for c in listed if c["text"] == "Yuhang District")
    assert target["places"][0]["file"].endswith(".txt") and target["places"][0]["line"] > 0
    assert main(["--db", str(db), "candidates", "approve", str(target["id"]), "--category", "place"]) == 0
    assert main(["--db", str(db), "candidates", "reject", str(target["id"])]) == 2  # decided already
    assert "already approved" in capsys.readouterr().err
    assert main(["--db", str(db), "candidates", "extract", str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt" in capsys.readouterr().err
