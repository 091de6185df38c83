"""Consistency-check benchmark: 10,000 segment pairs checked against a 50,000-concept termbase.

The termbase comes from ``bench/gen_termbase.py`` (generated once, reused from ``bench/out/``); the
segment pairs are the first N units of the shared generator's TM (``../shared/perf/gen_tm.py``, run
once into ``bench/out/tm/``), each English source paired alternately with its Russian and its Chinese
translation. Every fifth pair gets a deprecated English spelling of a termbase name swapped in, and
every seventh a changed number, so the checks have real work.

Printed: termbase size, matcher build time (terms loaded from the database and compiled) and the
near-variant name index (both once per termbase revision; ReviewService keeps them between runs), check
time of all pairs (cold word caches, then warm), the time to store the findings, and the findings by
check, each as wall time and as this process's CPU time (the machine is shared: the CPU time is what an
idle machine would take). The target is a check time of at most 3 s.

Usage (from the project root)::

    .venv/bin/python bench/bench_check.py                      # 10,000 pairs, 50,000 concepts
    .venv/bin/python bench/bench_check.py --pairs 2000 --concepts 10000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PERF = ROOT.parent / "shared" / "perf"
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def ensure_pairs(n: int) -> list[dict]:
    """The first ``n`` units of the generated TM (generated with the shared harness if missing)."""
    tm_dir = OUT / "tm"
    for size in ("10k", "100k"):
        path = tm_dir / f"tm_{size}.jsonl"
        if path.exists() and (size == "100k" or n <= 10000):
            break
    else:
        tm_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(PERF / "gen_tm.py"), "--sizes", "10k", "--no-queries", "--seed", "7",
                        "--out", str(tm_dir)], check=True)
        path = tm_dir / "tm_10k.jsonl"
    units = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            units.append(json.loads(line))
            if len(units) >= n:
                break
    return units


def make_segments(units: list[dict], matcher, rng: random.Random) -> list:  # noqa: ANN001
    """Segment pairs en→ru / en→zh-Hans, with deprecated spellings and changed numbers planted."""
    from glossary.checks.records import Segment

    deprecated = [t for t in matcher.terms if t.lang == "en" and t.status == "deprecated"]
    segments = []
    for i, u in enumerate(units):
        src, tgt_lang = u["en"], ("ru" if i % 2 == 0 else "zh-Hans")
        tgt = u["ru"] if tgt_lang == "ru" else u["zh"]
        if deprecated and i % 5 == 0:
            src = f"{src} {rng.choice(deprecated).text} welcomed it."
        if i % 7 == 0:
            tgt = re.sub(r"\d+", lambda m: str(int(m.group()) + 1), tgt, count=1)
        segments.append(Segment("bench.tmx", i + 1, src, "en", tgt, tgt_lang))
    return segments


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", type=int, default=10000)
    ap.add_argument("--concepts", type=int, default=50000)
    ap.add_argument("--db", type=Path, default=None, help="termbase (default bench/out/termbase-N.db)")
    args = ap.parse_args()

    from gen_termbase import default_db_path, ensure_termbase
    from sqlalchemy import text as sql

    from glossary.checks.drift import NearVariants
    from glossary.checks.matcher import TermMatcher
    from glossary.checks.runner import CheckRun
    from glossary.checks.store import merge
    from glossary.db import open_database
    from glossary.text.russian import _parses, _word_lemmas

    source = Path(args.db or default_db_path(args.concepts))
    ensure_termbase(source, args.concepts)
    work = OUT / f"check-{args.concepts}.db"  # findings are written to a copy, never to the shared termbase
    shutil.copy(source, work)
    for suffix in ("-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    db = open_database(str(work))
    with db.read() as s:
        concepts = s.execute(sql("SELECT count(*) FROM concept")).scalar_one()
        terms = s.execute(sql("SELECT count(*) FROM term")).scalar_one()

    t0, c0 = time.perf_counter(), time.process_time()
    matcher = TermMatcher.from_database(db)
    build, build_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    NearVariants(matcher)._index  # noqa: B018 - built once per termbase and kept in the matcher's memo
    index, index_cpu = time.perf_counter() - t0, time.process_time() - c0
    segments = make_segments(ensure_pairs(args.pairs), matcher, random.Random(7))

    _word_lemmas.cache_clear()
    _parses.cache_clear()
    t0, c0 = time.perf_counter(), time.process_time()
    findings = CheckRun(matcher).check([("bench.tmx", segments)])
    cold, cold_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    CheckRun(matcher).check([("bench.tmx", segments)])
    warm, warm_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    with db.write() as s:
        stored, _fixed = merge(s, findings, ["bench.tmx"], "bench")
    store, store_cpu = time.perf_counter() - t0, time.process_time() - c0
    db.dispose()

    print(f"termbase: {concepts:,} concepts, {terms:,} terms ({source.name}); {matcher.pattern_count:,} patterns")
    print(f"load average while running: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
          "(wall = elapsed; cpu = this process's CPU time, what an idle machine would take)")
    print(f"matcher build: {build:.2f} s wall, {build_cpu:.2f} s cpu (load terms and lemma keys, compile automata)")
    print(f"near-variant name index: {index:.2f} s wall, {index_cpu:.2f} s cpu (once per termbase)")
    print(f"check {len(segments):,} segment pairs: cold caches {cold:.2f} s wall / {cold_cpu:.2f} s cpu, "
          f"warm {warm:.2f} s wall / {warm_cpu:.2f} s cpu — target ≤ 3 s")
    print(f"store findings: {store:.2f} s wall, {store_cpu:.2f} s cpu ({len(stored):,} stored rows)")
    print(f"findings: {len(findings):,}")
    for check, n in Counter(f.check for f in findings).most_common():
        print(f"  {check:22s} {n:,}")


if __name__ == "__main__":
    main()
