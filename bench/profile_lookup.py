"""Where does a lookup spend its time? Per-stage and per-SQL-statement breakdown, and a cProfile.

    python bench/profile_lookup.py [--kind exact] [--db bench/out/termbase-100000.db] [--json bench/out/lookup.json]
                                   [--top 25] [--no-cprofile]

Replays the queries of one kind saved by ``bench_lookup.py`` (after a warm-up that builds the fuzzy
pool) and prints: the time per SQL statement (summed over the queries, via SQLAlchemy cursor
events), the time per stage of ``Lookup.search`` (by wrapping the engine's stage methods on this
instance only), and the top functions by cumulative time under cProfile.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import bench_lookup  # noqa: E402
from sqlalchemy import event  # noqa: E402

from glossary.db import open_database  # noqa: E402
from glossary.lookup import Lookup  # noqa: E402


def disable(lookup: Lookup, stages: list[str]) -> None:
    """What-if: turn stages of ``Lookup.search`` into no-ops on this instance only (the engine is not changed)."""
    if "substring" in stages:
        lookup._substring = lambda s, qk: []  # type: ignore[method-assign]
    if "prefix" in stages:
        lookup._prefix = lambda s, qk: []  # type: ignore[method-assign]
    if "fuzzy" in stages:
        lookup._add_fuzzy = lambda s, qk, want, best: None  # type: ignore[method-assign]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--kind", default="exact", choices=bench_lookup.KINDS)
    ap.add_argument("--db", type=Path, default=HERE / "out" / "termbase-100000.db")
    ap.add_argument("--json", type=Path, default=HERE / "out" / "lookup.json")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--no-cprofile", action="store_true")
    ap.add_argument("--disable", action="append", default=[], choices=["substring", "prefix", "fuzzy"],
                    help="what-if: replace this stage with a no-op on this Lookup instance (repeatable)")
    args = ap.parse_args(argv)

    report = json.loads(args.json.read_text(encoding="utf-8"))
    queries = [q["text"] for q in report["queries"][args.kind]]
    db = open_database(str(args.db))
    lookup = Lookup(db)
    lookup.search(report["queries"]["fuzzy"][0]["text"], limit=10)  # build the fuzzy pool
    disable(lookup, args.disable)
    bench_lookup.clear_key_caches()

    # per-statement SQL time
    sql_time: dict[str, list[float]] = defaultdict(list)
    starts: dict[int, float] = {}

    @event.listens_for(db.engine, "before_cursor_execute")
    def _before(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        starts[id(cursor)] = time.perf_counter()

    @event.listens_for(db.engine, "after_cursor_execute")
    def _after(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        t = time.perf_counter() - starts.pop(id(cursor), time.perf_counter())
        key = " ".join(statement.split())
        if "IN (" in key:
            key = key[:key.index("IN (") + 4] + "…)" + key[key.index(")", key.index("IN (")) + 1:]
        sql_time[key[:160]].append(t)

    # per-stage time (wrap bound methods of this instance only)
    stage_time: dict[str, float] = defaultdict(float)

    def wrap(name: str, obj, attr: str) -> None:  # type: ignore[no-untyped-def]
        fn = getattr(obj, attr)

        def timed(*a, **kw):  # type: ignore[no-untyped-def]
            t0 = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                stage_time[name] += time.perf_counter() - t0
        setattr(obj, attr, timed)

    import glossary.lookup as lk_mod
    orig_qk = lk_mod.query_keys

    def qk_timed(text):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        try:
            return orig_qk(text)
        finally:
            stage_time["query_keys (normalize, lemmas, pinyin, translit keys)"] += time.perf_counter() - t0
    lk_mod.query_keys = qk_timed
    for name, attr in (("_prefix (key range scan)", "_prefix"), ("_substring (FTS5 trigram)", "_substring"),
                       ("_terms", "_terms"), ("_add_fuzzy (FTS5 rarest trigrams + rapidfuzz)", "_add_fuzzy")):
        wrap(name, lookup, attr)
    wrap("load_concepts (driver-level SQL)", lookup.service, "load_concepts")
    wrap("_candidates (all index stages)", lookup, "_candidates")

    times = []
    for q in queries:
        t0 = time.perf_counter()
        lookup.search(q, limit=10)
        times.append(time.perf_counter() - t0)
    total = sum(times)
    n = len(queries)
    times_ms = [1000 * t for t in times]
    what_if = f" with {', '.join(args.disable)} disabled" if args.disable else ""
    print(f"{n} {args.kind} queries{what_if}: mean {1000 * total / n:.2f} ms, p50 {bench_lookup.pct(times_ms, .5):.2f} ms, "  # noqa: E501
          f"p95 {bench_lookup.pct(times_ms, .95):.2f} ms, max {max(times_ms):.2f} ms (instrumented)\n")
    print("per stage (ms per query; _candidates includes query-independent SQL and the _prefix/_substring stages):")
    for name, t in sorted(stage_time.items(), key=lambda kv: -kv[1]):
        print(f"  {1000 * t / n:8.2f}  {name}")
    print("\nper SQL statement (ms per query, calls per query, max ms of one call):")
    for stmt, ts in sorted(sql_time.items(), key=lambda kv: -sum(kv[1]))[:12]:
        print(f"  {1000 * sum(ts) / n:8.2f}  {len(ts) / n:5.1f}  {1000 * max(ts):8.2f}  {stmt}")
    lk_mod.query_keys = orig_qk

    if not args.no_cprofile:
        bench_lookup.clear_key_caches()
        lookup2 = Lookup(db)
        lookup2.search(report["queries"]["fuzzy"][0]["text"], limit=10)
        disable(lookup2, args.disable)
        prof = cProfile.Profile()
        prof.enable()
        for q in queries:
            lookup2.search(q, limit=10)
        prof.disable()
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(args.top)
        print("\n" + buf.getvalue())
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
