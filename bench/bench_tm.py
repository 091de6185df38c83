"""Translation-memory benchmark: TMX import and export speed, import peak memory, and ``tm match``
latency and recall against brute-force rapidfuzz, on a generated trilingual TM of joint statements.

The TM and the queries come from ``../shared/perf/gen_tm.py`` (run, not copied), the ground truth
from ``../shared/perf/gt.py`` (brute-force ``fuzz.ratio`` over the exact length window); both are
run once and kept under ``bench/out/tm/``. "Found" follows the harness: a query whose true best
match scores ≥ 75 counts as found when one of the (up to 5) units returned has a source segment
with that ``fuzz.ratio``.

Usage (from the project root)::

    .venv/bin/python bench/bench_tm.py --n 100k
    .venv/bin/python bench/bench_tm.py --n 100k --src en,zh,ru --queries 300
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PERF = ROOT.parent / "shared" / "perf"
OUT = ROOT / "bench" / "out" / "tm"
TARGET = {"en": "ru", "zh": "en", "ru": "en"}
sys.path.insert(0, str(ROOT))


def _peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM) in MiB."""
    return int(re.search(r"VmHWM:\s*(\d+)", Path("/proc/self/status").read_text()).group(1)) / 1024


def ensure_data(n: str, workers: int) -> None:
    """Generate the TM, queries and ground truth with the shared harness unless already there."""
    OUT.mkdir(parents=True, exist_ok=True)
    if not (OUT / f"tm_{n}.tmx").exists() or not (OUT / f"queries_{n}.jsonl").exists():
        subprocess.run([sys.executable, str(PERF / "gen_tm.py"), "--sizes", n, "--queries", "1000", "--seed", "7",
                        "--workers", str(workers), "--out", str(OUT)], check=True)


def ensure_ground_truth(n: str, lang: str, workers: int) -> Path:
    path = OUT / f"gt_{n}_{lang}.jsonl"
    if not path.exists():
        subprocess.run([sys.executable, str(PERF / "gt.py"), "--n", n, "--langs", lang, "--no-lev",
                        "--workers", str(workers), "--data", str(OUT)], check=True)
    return path


def import_child(db_path: str, tmx: str) -> None:
    """Run in a fresh process: import one TMX file, print units, seconds and peak RSS as JSON."""
    from glossary.db import open_database
    from sources.importer import import_files

    db = open_database(db_path)
    start = time.perf_counter()
    (report,) = import_files(db, [Path(tmx)], author="bench")
    seconds = time.perf_counter() - start
    db.dispose()
    print(json.dumps({"added": report.added, "merged": report.merged, "seconds": seconds,
                      "peak_rss_mb": _peak_rss_mb()}))


def measure_import(n: str) -> dict:
    db_path = OUT / f"tm_{n}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    tmx = OUT / f"tm_{n}.tmx"
    done = subprocess.run([sys.executable, __file__, "_import", str(db_path), str(tmx)], check=True,
                          capture_output=True, text=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    units = result["added"] + result["merged"]
    result.update(units_read=units, units_per_s=units / result["seconds"], file_mb=tmx.stat().st_size / 2**20)
    return result


def measure_export(db, n: str) -> dict:  # type: ignore[no-untyped-def]
    from sources.exporter import export_tm

    out = OUT / f"export_{n}.tmx"
    start = time.perf_counter()
    report = export_tm(db, out)
    seconds = time.perf_counter() - start
    lint = subprocess.run(["xmllint", "--noout", "--nonet", "--dtdvalid", str(PERF.parent / "schemas/tmx/tmx14.dtd"),
                           str(out)], capture_output=True, text=True)
    return {"units": report.units, "seconds": seconds, "units_per_s": report.units / seconds,
            "dtd_valid": lint.returncode == 0}


def measure_match(db, n: str, src: str, limit_queries: int, workers: int) -> dict:  # type: ignore[no-untyped-def]
    from rapidfuzz import fuzz

    from tm.service import TmService

    queries = [json.loads(line) for line in (OUT / f"queries_{n}.jsonl").open(encoding="utf-8")][:limit_queries]
    truth = {}
    for line in ensure_ground_truth(n, src, workers).open(encoding="utf-8"):
        row = json.loads(line)
        truth[row["qid"]] = row["best"]
    service = TmService(db)
    for q in queries[:5]:  # warm caches (dictionaries, trigram frequencies) outside the timing
        service.match(q[src], source_lang=src, target_lang=TARGET[src])
    times, found, has = [], 0, 0
    by_cat: dict[str, list[int]] = {}
    for q in queries:
        start = time.perf_counter()
        matches = service.match(q[src], source_lang=src, target_lang=TARGET[src], min_score=75, limit=5)
        times.append((time.perf_counter() - start) * 1000)
        best = truth[q["qid"]]
        if best >= 75:
            has += 1
            got = round(max((fuzz.ratio(q[src], m.source.text) for m in matches), default=0.0), 4)  # as gt.py
            ok = got >= best - 1e-6
            found += ok
            by_cat.setdefault(q["cat"], []).append(ok)
    times.sort()
    return {"queries": len(queries), "p50_ms": statistics.median(times),
            "p95_ms": times[int(0.95 * (len(times) - 1))], "p99_ms": times[int(0.99 * (len(times) - 1))],
            "max_ms": times[-1], "with_true_best_75": has, "found_best": found,
            "found_pct": 100 * found / max(1, has),
            "found_pct_by_category": {k: round(100 * sum(v) / len(v), 2) for k, v in sorted(by_cat.items())}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", default="100k", help="TM size label for gen_tm.py (10k, 100k, 1M)")
    ap.add_argument("--src", default="en", help="query languages, comma-separated (en, zh, ru)")
    ap.add_argument("--queries", type=int, default=1000, help="queries per language (at most 1000)")
    ap.add_argument("--workers", type=int, default=2, help="processes for generation and ground truth")
    ap.add_argument("--skip-import", action="store_true", help="reuse the database of an earlier run")
    args = ap.parse_args()

    from glossary.db import open_database

    ensure_data(args.n, args.workers)
    results: dict = {"n": args.n}
    if not args.skip_import:
        results["import"] = imp = measure_import(args.n)
        print(f"import  {imp['units_read']:,} units ({imp['file_mb']:.0f} MiB) in {imp['seconds']:.1f} s: "
              f"{imp['units_per_s']:,.0f} units/s, peak RSS {imp['peak_rss_mb']:.0f} MiB "
              f"({imp['added']:,} added, {imp['merged']:,} merged)", flush=True)
    db = open_database(str(OUT / f"tm_{args.n}.db"))
    results["export"] = exp = measure_export(db, args.n)
    print(f"export  {exp['units']:,} units in {exp['seconds']:.1f} s: {exp['units_per_s']:,.0f} units/s, "
          f"DTD-valid: {exp['dtd_valid']}", flush=True)
    for src in args.src.split(","):
        results[f"match_{src}"] = m = measure_match(db, args.n, src, args.queries, args.workers)
        print(f"match {src}→{TARGET[src]}  {m['queries']} queries: p50 {m['p50_ms']:.1f} ms, p95 {m['p95_ms']:.1f} ms, "
              f"p99 {m['p99_ms']:.1f} ms; true best (≥75) found {m['found_best']}/{m['with_true_best_75']} "
              f"= {m['found_pct']:.2f} % {m['found_pct_by_category']}", flush=True)
    db.dispose()
    (OUT / f"results_{args.n}.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "_import":
        import_child(sys.argv[2], sys.argv[3])
    else:
        main()
