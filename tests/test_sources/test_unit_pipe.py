"""Reading units in a forked child process (sources.unit_pipe): the same result as reading here,
errors with file and line, the database untouched, no process left behind, progress in the parent."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

import sources.importer as importer
import sources.unit_pipe as unit_pipe
from glossary.db import open_database
from glossary.errors import SourceFormatError
from sources.importer import import_files
from sources.tmx import TmxReader
from tests.tmxfiles import INTEROP_TMX, content, dump, tmx, tu, write


def _units(n: int) -> list[str]:
    out = []
    for i in range(n):
        out.append(tu(("en", f"The sides signed agreement No. {i} on the <ph x=\"1\">&lt;b&gt;</ph>corridor."),
                      ("zh-CN", f"双方签署了第{i}号走廊协定。"),
                      ("ru-RU", f"Стороны подписали соглашение № {i} о коридоре."),
                      attrs=f' tuid="u{i}" usagecount="{i}" x-custom="{i}"',
                      inner='<prop type="x-domain">diplomacy</prop><note>проверено</note>'))
    return out


@pytest.fixture
def in_child(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file goes through the child process, however small."""
    monkeypatch.setattr(unit_pipe, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(unit_pipe, "BATCH", 7)  # several messages, a partial last one


def _import(tmp_path: Path, name: str, files: list[Path]):  # type: ignore[no-untyped-def]
    db = open_database(str(tmp_path / name))
    reports = import_files(db, files, author="test")
    return db, reports


def test_child_reads_what_this_process_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "big.tmx", tmx(*_units(40), *_units(5)))  # 5 duplicates merged
    here, (report_here,) = _import(tmp_path, "here.db", [path])
    monkeypatch.setattr(unit_pipe, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(unit_pipe, "BATCH", 7)
    there, (report_there,) = _import(tmp_path, "there.db", [path])
    assert (report_there.added, report_there.merged) == (report_here.added, report_here.merged) == (40, 5)
    assert content(there) == content(here)
    with there.read() as s:
        header = s.connection().exec_driver_sql("SELECT header FROM tm_origin").scalar()
    assert '"creationtool": "test"' in header
    assert multiprocessing.active_children() == []


@pytest.mark.usefixtures("in_child")
def test_interop_files_read_in_child_equal_reading_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted(INTEROP_TMX.rglob("*.tmx"))
    assert files
    for i, path in enumerate(files):
        try:
            there, _ = _import(tmp_path, f"there{i}.db", [path])
        except SourceFormatError as exc:
            with pytest.raises(SourceFormatError) as here_exc:
                monkeypatch.setattr(unit_pipe, "PARALLEL_MIN_BYTES", 1 << 40)
                _import(tmp_path, f"here{i}.db", [path])
            assert str(here_exc.value) == str(exc)
            monkeypatch.setattr(unit_pipe, "PARALLEL_MIN_BYTES", 0)
            continue
        monkeypatch.setattr(unit_pipe, "PARALLEL_MIN_BYTES", 1 << 40)
        here, _ = _import(tmp_path, f"here{i}.db", [path])
        monkeypatch.setattr(unit_pipe, "PARALLEL_MIN_BYTES", 0)
        assert content(there) == content(here), path.name


@pytest.mark.usefixtures("in_child")
def test_undefined_entity_late_in_file_is_named_with_its_line(tmp_path: Path) -> None:
    """Read in the child, libxml2 stops at line 1 with "Start tag expected" after logging the fault."""
    units = _units(3000)
    units[2500] = units[2500].replace("о коридоре", "о&nbsp;коридоре")
    text = tmx(*units)
    bad = write(tmp_path / "nbsp.tmx", text)
    assert len(text.encode()) > 1 << 20  # past the stream's first chunk
    line = text[:text.index("&nbsp;")].count("\n") + 1
    with pytest.raises(SourceFormatError) as exc:
        import_files(open_database(str(tmp_path / "tm.db")), [bad], author="test")
    assert (exc.value.path, exc.value.line) == (str(bad), line)
    assert exc.value.detail == "not well-formed XML: Entity 'nbsp' not defined"


@pytest.mark.usefixtures("in_child")
def test_error_late_in_file_names_line_and_leaves_database_unchanged(tmp_path: Path) -> None:
    db_path = tmp_path / "tm.db"
    db = open_database(str(db_path))
    good = write(tmp_path / "good.tmx", tmx(*_units(3)))
    import_files(db, [good], author="test")
    before = dump(db_path)
    units = _units(30)
    units[25] = '<tu><tuv><seg>no language</seg></tuv></tu>\n'
    text = tmx(*units)
    bad = write(tmp_path / "bad.tmx", text)
    line = text[:text.index("<tuv><seg>no language")].count("\n") + 1
    with pytest.raises(SourceFormatError) as exc:
        import_files(db, [good, bad], author="test")
    assert exc.value.path == str(bad)
    assert exc.value.line == line
    assert "without a language" in exc.value.detail
    db.dispose()
    assert dump(db_path) == before
    assert multiprocessing.active_children() == []


@pytest.mark.usefixtures("in_child")
def test_truncated_file_fails_in_child_with_a_line(tmp_path: Path) -> None:
    text = tmx(*_units(20))
    bad = write(tmp_path / "cut.tmx", text[:len(text) // 2])
    db = open_database(str(tmp_path / "tm.db"))
    with pytest.raises(SourceFormatError) as exc:
        import_files(db, [bad], author="test")
    assert exc.value.path == str(bad) and exc.value.line
    with db.read() as s:
        assert s.connection().exec_driver_sql("SELECT count(*) FROM tm_unit").scalar() == 0


@pytest.mark.usefixtures("in_child")
def test_progress_is_reported_in_the_parent(tmp_path: Path) -> None:
    path = write(tmp_path / "p.tmx", tmx(*_units(60)))
    seen: list[tuple[int, int]] = []
    db = open_database(str(tmp_path / "tm.db"))
    import_files(db, [path], author="test", progress=lambda p, done, size: seen.append((done, size)))
    size = path.stat().st_size
    assert seen[-1] == (size, size)
    assert [d for d, _s in seen] == sorted(d for d, _s in seen)


def test_a_crashing_child_is_one_error_not_a_hang(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(unit_pipe, "PARALLEL_MIN_BYTES", 0)

    def die(reader, size):  # type: ignore[no-untyped-def]
        import os
        os._exit(3)  # the child vanishes without a word (killed, out of memory)

    monkeypatch.setattr(TmxReader, "prepared_batches", die)
    path = write(tmp_path / "x.tmx", tmx(*_units(3)))
    db = open_database(str(tmp_path / "tm.db"))
    with pytest.raises(Exception) as exc:
        import_files(db, [path], author="test")
    assert "ended unexpectedly" in str(exc.value)
    assert multiprocessing.active_children() == []


def test_no_fork_beside_foreign_threads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An import started while another thread runs (the TUI) reads in this process."""
    import threading

    monkeypatch.setattr(unit_pipe, "PARALLEL_MIN_BYTES", 0)
    assert unit_pipe._can_fork()
    release = threading.Event()
    other = threading.Thread(target=release.wait, name="textual-like")
    other.start()
    try:
        assert not unit_pipe._can_fork()
        forked: list[bool] = []
        monkeypatch.setattr(unit_pipe, "_from_child", lambda reader: forked.append(True) or iter(()))
        path = write(tmp_path / "t.tmx", tmx(*_units(3)))
        db = open_database(str(tmp_path / "tm.db"))
        (report,) = import_files(db, [path], author="test")
        assert report.added == 3 and not forked
    finally:
        release.set()
        other.join()


def _tables(tmp_path: Path) -> list[Path]:
    rows = [("en", "ru", "zh-Hans")] + [(f"Joint Statement No. {i}", f"Совместное заявление № {i}",
                                         f"第{i}号联合声明") for i in range(30)]
    csv = tmp_path / "tm.csv"
    csv.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    tsv = tmp_path / "tm.tsv"
    tsv.write_bytes(("\n".join("\t".join(r) for r in rows) + "\n").encode("utf-16"))
    return [csv, tsv]


@pytest.mark.parametrize("kind", ["po", "xliff", "csv"])
def test_other_formats_read_in_child_equal_reading_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        kind: str) -> None:
    """PO, XLIFF and CSV/TSV readers go through the same pipe: same units, same refusals."""
    if kind == "csv":
        files, into = _tables(tmp_path), "tm"
    else:
        files, into = sorted((INTEROP_TMX.parent / kind).rglob("*.po" if kind == "po" else "*.xlf"))[:6], None
    read = 0
    for i, path in enumerate(files):
        outcomes = []
        for where, limit in (("here", 1 << 40), ("there", 0)):
            monkeypatch.setattr(unit_pipe, "PARALLEL_MIN_BYTES", limit)
            db = open_database(str(tmp_path / f"{where}{i}.db"))
            try:
                import_files(db, [path], author="test", into=into)
                outcomes.append(content(db))
            except SourceFormatError as exc:
                outcomes.append(str(exc))
        assert outcomes[0] == outcomes[1], path.name
        read += isinstance(outcomes[0], list) and len(outcomes[0]) > 0
    assert read >= 2  # real content, not only refusals


@pytest.mark.usefixtures("in_child")
def test_bulk_import_into_an_empty_tm_merges_like_any_other(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bulk import into an empty TM skips hash lookups for its first file and builds the hash
    index at the end: repeats within a file, repeats of an earlier file, and a later import of the
    same units must still merge, exactly as a small import does."""
    first = write(tmp_path / "a.tmx", tmx(*_units(30), *_units(4)))  # 4 repeats within the file
    second = write(tmp_path / "b.tmx", tmx(*_units(35)))  # 30 repeats of the first file
    small, reports_small = _import(tmp_path, "small.db", [first, second])
    monkeypatch.setattr(importer, "BULK_BYTES", 0)
    bulk, reports_bulk = _import(tmp_path, "bulk.db", [first, second])
    counts = [(r.added, r.merged) for r in reports_bulk]
    assert counts == [(r.added, r.merged) for r in reports_small] == [(30, 4), (5, 30)]
    assert content(bulk) == content(small)
    (again,) = import_files(bulk, [second], author="test")  # into a TM that is not empty: looked up
    assert (again.added, again.merged) == (0, 35)
    with bulk.read() as s:
        conn = s.connection()
        assert conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE name = 'ix_tm_unit_hash'").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_failed_bulk_import_leaves_the_empty_tm_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "BULK_BYTES", 0)
    units = _units(30)
    units[20] = '<tu><tuv><seg>no language</seg></tuv></tu>\n'
    bad = write(tmp_path / "bad.tmx", tmx(*units))
    db = open_database(str(tmp_path / "tm.db"))
    with pytest.raises(SourceFormatError):
        import_files(db, [bad], author="test")
    with db.read() as s:
        conn = s.connection()
        assert conn.exec_driver_sql("SELECT count(*) FROM tm_unit").scalar() == 0
        assert conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE name = 'ix_tm_unit_hash'").scalar() == 1
