"""The byte stream lxml parses: every byte once, in order, whatever the read sizes and encodings."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import sources.xmlsafe as xmlsafe
from sources.xmlsafe import XmlStream

BODY = "".join(f'<tu tuid="{i}"><tuv xml:lang="ru"><seg>Совместное заявление № {i} 联合声明</seg></tuv></tu>\n'
               for i in range(3000))
DOC = f'<?xml version="1.0" encoding="{{enc}}"?>\n<tmx version="1.4"><body>\n{BODY}</body></tmx>\n'


@pytest.mark.parametrize("encoding", ["UTF-8", "UTF-16"])
def test_reads_of_any_size_give_the_whole_document_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        encoding: str) -> None:
    monkeypatch.setattr(xmlsafe, "_CHUNK", 4096)  # many chunks, reads straddling them
    text = DOC.format(enc=encoding)
    path = tmp_path / "t.tmx"
    path.write_bytes(text.encode(encoding.lower()))
    expected = text.replace(f'encoding="{encoding}"', 'encoding="UTF-8"').encode("utf-8")
    rng = random.Random(5)
    with XmlStream(path) as stream:
        parts = []
        while len(parts) < 40:
            parts.append(stream.read(rng.choice([1, 7, 1000, 4096, 32768])))
        parts.append(stream.read())  # the rest
        assert stream.read(10) == b""
    assert b"".join(parts) == expected
    with XmlStream(path) as stream:
        parts = []
        while chunk := stream.read(32768):
            assert len(chunk) <= 32768
            parts.append(chunk)
    assert b"".join(parts) == expected
