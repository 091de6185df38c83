"""CSV export from one ordered scan of the variants: the same units and texts as from the records."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from sources.delimited import write_tm_csv
from sources.exporter import export_tm
from tests.test_sources.test_tmx_export import open_rich_db
from tm.units import iter_unit_texts, iter_units, resolve_languages


@pytest.fixture
def rich_db(tmp_path: Path):
    db = open_rich_db(tmp_path)
    yield db
    db.dispose()


@pytest.mark.parametrize("langs", [None, ["en"], ["en", "ru"], ["zh"], ["de", "fr"], ["ja"]])
def test_unit_texts_are_the_records_texts(rich_db, langs) -> None:
    with rich_db.read() as s:
        wanted = resolve_languages(s, langs) if langs is not None else None
        fast = [(u.id, [(v.lang, v.text) for v in u.variants]) for u in iter_unit_texts(s, wanted)]
        slow = [(u.id, [(v.lang, v.text) for v in u.variants]) for u in iter_units(s, wanted)]
    assert fast == slow
    assert (len(fast) > 0) == (langs != ["ja"])


@pytest.mark.parametrize("langs", [[], ["ru", "en"], ["zh", "de"]])
def test_csv_export_is_what_the_records_give(rich_db, tmp_path, langs) -> None:
    out = tmp_path / "out.csv"
    report = export_tm(rich_db, out, fmt="csv", langs=langs)
    with rich_db.read() as s:
        wanted = resolve_languages(s, langs) if langs else None
        expected = io.BytesIO()
        count = write_tm_csv(expected, iter_units(s, wanted), report.languages)
    assert report.units == count > 0
    assert out.read_bytes() == expected.getvalue()
