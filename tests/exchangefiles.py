"""Helpers for PO and XLIFF tests: the interop files, msgfmt, and PO content as polib reads it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import polib
import pytest

from tests.conftest import SHARED

INTEROP_PO = SHARED / "interop" / "po"
INTEROP_XLIFF = SHARED / "interop" / "xliff"
ALL_PO = sorted(INTEROP_PO.rglob("*.po"))
#: Every XLIFF in the interop folders (the LISA kit and the Okapi TMX tests hold some too).
ALL_XLIFF = sorted(p for p in (SHARED / "interop").rglob("*.xlf"))


def require_msgfmt() -> None:
    """Skip when msgfmt is absent, except on CI where its absence is a failure."""
    if shutil.which("msgfmt") is None:
        if os.environ.get("CI"):
            pytest.fail("msgfmt is required on CI (apt-get install gettext)")
        pytest.skip("msgfmt is not installed")


def msgfmt(path: Path) -> subprocess.CompletedProcess[str]:
    """``msgfmt --check`` (format strings, header, domain) of a PO file."""
    return subprocess.run(["msgfmt", "--check-format", "--check-header", "--check-domain", "-o", os.devnull,
                           str(path)], capture_output=True, text=True)


def catalog(path: Path, text: str | None = None) -> polib.POFile:
    """A PO file as polib reads it (``text``: its already-decoded content)."""
    return polib.pofile(text if text is not None else str(path), wrapwidth=0)


def entries(po: polib.POFile) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """Every entry keyed by (msgctxt, msgid, obsolete): everything polib reads of it."""
    return {(e.msgctxt, e.msgid, e.obsolete): (
        e.msgid_plural, e.msgstr, {int(k): v for k, v in e.msgstr_plural.items()}, e.flags, e.tcomment,
        e.comment, e.occurrences, e.previous_msgctxt, e.previous_msgid, e.previous_msgid_plural)
        for e in po}


def header_changes(original: polib.POFile, exported: polib.POFile) -> dict[str, tuple[str, str | None]]:
    """Header fields of the original that the export does not have with the same value."""
    return {k: (v, exported.metadata.get(k)) for k, v in original.metadata.items() if exported.metadata.get(k) != v}


def charset(content_type: str) -> str | None:
    """The charset of a Content-Type header value."""
    m = re.search(r"charset\s*=\s*([^;\s]+)", content_type)
    return m.group(1) if m else None
