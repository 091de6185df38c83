"""Check input: documents (txt, md, html) as numbered lines, bilingual files through the reader registry."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.errors import SourceFormatError
from sources.bilingual import read_segments
from sources.importer import UNIT_READERS
from tests.conftest import SHARED


def test_text_lines_keep_their_numbers_and_language(tmp_path: Path) -> None:
    doc = tmp_path / "d.txt"
    doc.write_text("\ufeffFirst line\n\n上海合作组织\nШанхайская организация\n", encoding="utf-8")
    segs = read_segments(doc)
    assert [(s.line, s.source, s.source_lang, s.bilingual) for s in segs] == [
        (1, "First line", "en", False), (3, "上海合作组织", "zh-Hans", False),
        (4, "Шанхайская организация", "ru", False)]


def test_markdown_markup_and_code_are_left_out(tmp_path: Path) -> None:
    doc = tmp_path / "d.md"
    doc.write_text("# Title with **Tokayev**\n\n```\nZaparov in code\n```\n- see [Japarov](http://x/Zaparov)\n",
                   encoding="utf-8")
    assert [(s.line, s.source) for s in read_segments(doc)] == [(1, "Title with Tokayev"), (6, "see Japarov")]


def test_html_text_only_scripts_dropped_lines_kept(tmp_path: Path) -> None:
    doc = tmp_path / "d.html"
    doc.write_text(
        '<!DOCTYPE html>\n<html><head><title>Summit</title><script>var Zaparov = 1;</script>\n'
        '<style>.Zaparov{}</style></head>\n<body>\n<p>President <b>Tokayev</b> &amp; guests</p>\n'
        '<!-- Zaparov in a comment -->\n<ul><li>Astana</li></ul>\n</body></html>\n', encoding="utf-8")
    segs = read_segments(doc)
    assert [(s.line, s.source) for s in segs] == [(2, "Summit"), (5, "President Tokayev & guests"), (7, "Astana")]
    assert not any("Zaparov" in s.source for s in segs)


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("empty.txt", b"", "empty document"),
    ("blank.md", b"\n  \n", "empty document"),
    ("latin1.txt", "Caf\u00e9 Tokayev".encode("latin-1"), "not UTF-8"),
    ("binary.txt", b"abc\x00def", "NUL"),
    ("notes.docx", b"PK\x03\x04binary", "unrecognized format"),
    ("empty.tmx", b"", "empty file"),
])
def test_bad_documents_one_line_error(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(SourceFormatError) as err:
        read_segments(path)
    assert reason in str(err.value) and str(path) in str(err.value) and "\n" not in str(err.value)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(SourceFormatError, match="no such file"):
        read_segments(tmp_path / "nope.tmx")
    with pytest.raises(SourceFormatError, match="directory"):
        read_segments(tmp_path)


def test_every_registered_bilingual_format_is_readable() -> None:
    """Whatever formats the importer registers, the check reads through the same registry."""
    samples = {
        "tmx": SHARED / "interop/tmx/nushell-ru/nushell-docs-ru-level1.tmx",
        "po": next(iter(sorted((SHARED / "interop/po").rglob("*.po"))), None),
        "xliff": next(iter(sorted((SHARED / "interop/xliff").rglob("*.xlf"))), None),
    }
    for fmt in UNIT_READERS:
        sample = samples.get(fmt)
        if sample is None:
            continue
        segs = read_segments(sample)
        assert segs and all(s.bilingual and s.source_lang != s.target_lang for s in segs), fmt


def test_tmx_pairs_from_the_declared_source_language() -> None:
    segs = read_segments(SHARED / "interop/tmx/nushell-ru/nushell-docs-ru-level1.tmx")
    assert len(segs) > 100 and {(s.source_lang, s.target_lang) for s in segs} == {("en", "ru")}
