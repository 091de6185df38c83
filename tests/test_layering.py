"""The layering the folders promise: a headless core, format I/O in sources/, the TUI only on top."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# package → top-level packages it must not import (glossary/cli is the composition root and may)
FORBIDDEN = {
    "glossary": {"tm", "sources", "tui", "textual", "translate", "polib"},
    "tm": {"sources", "tui", "textual", "translate", "polib"},
    "sources": {"tui", "textual"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_does_not_reach_upwards(package: str) -> None:
    offenders = []
    for path in (ROOT / package).rglob("*.py"):
        if package == "glossary" and "cli" in path.relative_to(ROOT / package).parts:
            continue
        bad = _imports(path) & FORBIDDEN[package]
        if bad:
            offenders.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    assert not offenders, offenders
