"""Termbase import benchmark: a generated 50,000-concept TBX file imported through ``silkterm import``'s
code path (TBX reader → bulk writer, one transaction), then exported back and undone.

The TBX is written once from ``bench/gen_termbase.py``'s seeded generator with our TBX writer and kept
under ``bench/out/glossary/``. The import runs in a child process so its peak RSS is its own.

Usage (from the project root)::

    .venv/bin/python bench/bench_glossary_import.py [--concepts 50000] [--undo]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "glossary"
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]


def make_tbx(concepts: int, seed: int) -> Path:
    """The benchmark TBX (generated once per size and seed)."""
    path = OUT / f"termbase-{concepts}-{seed}.tbx"
    if path.exists():
        return path
    from gen_termbase import Generator

    from sources.tbx_write import write_tbx

    OUT.mkdir(parents=True, exist_ok=True)
    now = datetime(2026, 11, 23, tzinfo=UTC)

    def rows():  # type: ignore[no-untyped-def]
        for i, draft in enumerate(Generator(seed).generate(concepts), 1):
            terms = [{**t.__dict__, "attrs": None, "created_at": now, "created_by": "bench", "modified_at": now,
                      "modified_by": "bench"} for t in draft.terms]
            yield {"id": i, "category": draft.category, "subject": draft.subject, "definition": draft.definition,
                   "note": draft.note, "sources": list(draft.sources), "code": draft.code, "attrs": None,
                   "created_at": now, "created_by": "bench", "modified_at": now, "modified_by": "bench",
                   "terms": terms}

    part = path.with_suffix(".part")
    with part.open("wb") as out:
        write_tbx(out, rows())
    part.replace(path)
    return path


def child(tbx: str, db_path: str, undo: bool) -> None:
    """Import (and optionally export and undo) in this process; print JSON facts."""
    from glossary.db import open_database
    from glossary.service import TermbaseService
    from sources.exporter import export_glossary
    from sources.importer import import_files

    db = open_database(db_path)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = usage.ru_utime + usage.ru_stime
    start = time.perf_counter()
    (report,) = import_files(db, [Path(tbx)], author="bench")
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    facts = {"concepts": report.result.added, "terms": report.result.terms, "import_s": seconds,
             "import_cpu_s": usage.ru_utime + usage.ru_stime - cpu0, "peak_rss_mb": usage.ru_maxrss / 1024}
    start = time.perf_counter()
    (again,) = import_files(db, [Path(tbx)], author="bench")
    facts["reimport_s"] = time.perf_counter() - start
    facts["reimport_added"] = again.result.added
    start = time.perf_counter()
    facts["exported"] = export_glossary(db, Path(db_path).with_suffix(".out.tbx"), fmt="tbx").units
    facts["export_s"] = time.perf_counter() - start
    if undo:
        start = time.perf_counter()
        facts["undone_changes"] = TermbaseService(db).undo().changes
        facts["undo_s"] = time.perf_counter() - start
    print(json.dumps(facts))


def main() -> int:
    """Run the benchmark and print its numbers."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--concepts", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--undo", action="store_true", help="also time `term undo` of the whole import")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child, args.undo)
        return 0
    start = time.perf_counter()
    tbx = make_tbx(args.concepts, args.seed)
    print(f"TBX file: {tbx} ({tbx.stat().st_size / 1e6:.1f} MB; ready in {time.perf_counter() - start:.1f} s)")
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        cmd = [sys.executable, __file__, "--child", str(tbx), str(Path(tmp) / "t.db")]
        cmd += ["--undo"] if args.undo else []
        facts = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.splitlines()[-1])
    rate = facts["concepts"] / facts["import_s"]
    print(f"import: {facts['concepts']:,} concepts, {facts['terms']:,} terms in {facts['import_s']:.1f} s = "
          f"{rate:,.0f} concepts/s ({facts['terms'] / facts['import_s']:,.0f} terms/s); "
          f"peak RSS {facts['peak_rss_mb']:.0f} MB")
    print(f"        {facts['import_cpu_s']:.1f} s of CPU = {facts['concepts'] / facts['import_cpu_s']:,.0f} concepts "
          "per CPU-second (the machine is shared: wall time includes waiting for a core)")
    print(f"re-import of the same file: {facts['reimport_added']} added in {facts['reimport_s']:.1f} s")
    print(f"export (TBX-Basic): {facts['exported']:,} concepts in {facts['export_s']:.1f} s = "
          f"{facts['exported'] / facts['export_s']:,.0f} concepts/s")
    if "undo_s" in facts:
        print(f"undo of the import: {facts['undone_changes']:,} changes in {facts['undo_s']:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
