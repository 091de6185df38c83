"""Translation-memory benchmark: TMX import and export speed, import peak memory, and ``tm match``
latency and recall against brute-force rapidfuzz, on a generated trilingual TM of joint statements.

The TM and the queries come from ``../shared/perf/gen_tm.py`` (run, not copied), the ground truth
from ``../shared/perf/gt.py`` (brute-force ``fuzz.ratio`` over the exact length window); both are
run once and kept under ``bench/out/tm/``. "Found" follows the harness: a query whose true best
match scores ≥ 75 counts as found when one of the (up to 5) units returned has a source segment
with that ``fuzz.ratio``.

``--tmdb`` adds translate-toolkit 3.18.1's TMDB (the last release with ``translate.storage.tmdb``)
side by side: the shared harness (copied to ``bench/out/perf``) runs it with the fixed join order
in its own venv ``bench/out/.venv-tt318`` (``bench/requirements-tmdb.txt``) on the first
``--tmdb-queries`` queries, and our rows are also given for exactly those queries.

Latencies are wall-clock; the CPU time per query and the load average are printed too, because
the machine is shared.

Usage (from the project root)::

    .venv/bin/python bench/bench_tm.py --n 100k
    .venv/bin/python bench/bench_tm.py --n 100k --src en,zh,ru --queries 300 --tmdb
    .venv/bin/python bench/bench_tm.py --n 1M --src en,zh,ru --skip-import   # reuses import_1M.json
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PERF = ROOT.parent / "shared" / "perf"
OUT = ROOT / "bench" / "out" / "tm"
TARGET = {"en": "ru", "zh": "en", "ru": "en"}
TT318 = ROOT / "bench" / "out" / ".venv-tt318"
PEER_DIR = ROOT / "bench" / "out" / "perf"
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
    """Run in a fresh process: import one TMX file, print units, seconds, CPU seconds (this process
    and the reading child) and peak RSS of both as JSON. ``seconds_with_checkpoint`` adds closing
    the database, which copies the write-ahead log into the file."""
    import resource

    from glossary.db import open_database
    from sources.importer import import_files

    db = open_database(db_path)
    start, cpu = time.perf_counter(), time.process_time()
    (report,) = import_files(db, [Path(tmx)], author="bench")
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    db.dispose()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"added": report.added, "merged": report.merged, "seconds": seconds,
                      "seconds_with_checkpoint": time.perf_counter() - start, "cpu_s": cpu,
                      "reader_cpu_s": children.ru_utime + children.ru_stime, "peak_rss_mb": _peak_rss_mb(),
                      "reader_peak_rss_mb": children.ru_maxrss / 1024}))


class TreeMemory:
    """Memory of a process and its children (the reading child), sampled every 50 ms from
    /proc/PID/smaps_rollup: the peak of their summed PSS (each shared page split between the
    processes sharing it, so the sum is the memory they hold together) and of their summed RSS."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.pss_sum = self.rss_sum = 0

    @staticmethod
    def _rollup(pid: int) -> dict[str, int]:
        try:
            text = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:  # gone, or not Linux
            return {}
        return {m.group(1): int(m.group(2)) for m in re.finditer(r"^(Pss|Rss):\s+(\d+) kB", text, re.M)}

    def follow(self, proc: subprocess.Popen) -> None:
        """Sample until the process ends."""
        while proc.poll() is None:
            try:
                children = [int(c) for c in Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()]
            except OSError:
                children = []
            rollups = [self._rollup(p) for p in (self.pid, *children)]
            self.pss_sum = max(self.pss_sum, sum(r.get("Pss", 0) for r in rollups))
            self.rss_sum = max(self.rss_sum, sum(r.get("Rss", 0) for r in rollups))
            time.sleep(0.05)

    def peaks(self) -> dict[str, float]:
        """The peaks in MiB (0 where /proc has no smaps_rollup)."""
        return {"tree_peak_pss_mb": self.pss_sum / 1024, "tree_peak_rss_mb": self.rss_sum / 1024}


def measure_import(n: str) -> dict:
    db_path = OUT / f"tm_{n}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    tmx = OUT / f"tm_{n}.tmx"
    proc = subprocess.Popen([sys.executable, __file__, "_import", str(db_path), str(tmx)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    tree = TreeMemory(proc.pid)
    sampler = threading.Thread(target=tree.follow, args=(proc,), daemon=True)
    sampler.start()
    out, err = proc.communicate()
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"the import failed:\n{err}")
    result = json.loads(out.strip().splitlines()[-1])
    result.update(tree.peaks())
    units = result["added"] + result["merged"]
    result.update(units_read=units, units_per_s=units / result["seconds"], file_mb=tmx.stat().st_size / 2**20,
                  load_avg=os.getloadavg())
    (OUT / f"import_{n}.json").write_text(json.dumps(result, indent=2))
    return result


def measure_export(db, n: str) -> dict:  # type: ignore[no-untyped-def]
    """Export the whole TM to TMX once: wall and CPU seconds (this process), the load average around it,
    and whether xmllint finds the file valid against the TMX 1.4b DTD."""
    from sources.exporter import export_tm

    out = OUT / f"export_{n}.tmx"
    load = os.getloadavg()[0]
    start, cpu = time.perf_counter(), time.process_time()
    report = export_tm(db, out)
    seconds, cpu_s = time.perf_counter() - start, time.process_time() - cpu
    load_avg = round((load + os.getloadavg()[0]) / 2, 1)
    lint = subprocess.run(["xmllint", "--noout", "--nonet", "--dtdvalid", str(PERF.parent / "schemas/tmx/tmx14.dtd"),
                           str(out)], capture_output=True, text=True)
    return {"units": report.units, "seconds": seconds, "cpu_seconds": cpu_s, "units_per_s": report.units / seconds,
            "units_per_cpu_s": report.units / cpu_s, "file_mb": out.stat().st_size / 2**20, "load_avg": load_avg,
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
    rows = []
    load = os.getloadavg()[0]
    for q in queries:
        start, cpu = time.perf_counter(), time.process_time()
        matches = service.match(q[src], source_lang=src, target_lang=TARGET[src], min_score=75, limit=5)
        ms, cpu_ms = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
        best = truth[q["qid"]]
        got = round(max((fuzz.ratio(q[src], m.source.text) for m in matches), default=0.0), 4)  # as gt.py
        rows.append({"qid": q["qid"], "cat": q["cat"], "ms": ms, "cpu_ms": cpu_ms, "has": best >= 75,
                     "ok": best >= 75 and got >= best - 1e-6})
    result = summarize(rows)
    result["load_avg"] = round((load + os.getloadavg()[0]) / 2, 1)
    result["rows"] = rows
    return result


def _load_pack(db) -> None:  # type: ignore[no-untyped-def]
    """The bundled glossary in the TM's database, as a user's default database has it, so matches
    list termbase names as they would for a user (idempotent: a second sync adds nothing)."""
    from glossary.service import TermbaseService
    from sources.packs import DEFAULT_PACK
    from sources.packs.loader import load_pack
    from sources.packs.sync import sync_pack

    report = sync_pack(TermbaseService(db, author="bench"), load_pack(DEFAULT_PACK))
    print(f"termbase: bundled pack, {len(report.added)} concepts added", flush=True)


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[int(p * (len(values) - 1))]


def summarize(rows: list[dict]) -> dict:
    """Latency percentiles and recall of per-query rows."""
    times, cpu = [r["ms"] for r in rows], [r["cpu_ms"] for r in rows]
    has = [r for r in rows if r["has"]]
    by_cat: dict[str, list[bool]] = {}
    for r in has:
        by_cat.setdefault(r["cat"], []).append(r["ok"])
    return {"queries": len(rows), "p50_ms": statistics.median(times), "p95_ms": _pct(times, 0.95),
            "p99_ms": _pct(times, 0.99), "max_ms": max(times), "cpu_p50_ms": statistics.median(cpu),
            "cpu_p95_ms": _pct(cpu, 0.95), "with_true_best_75": len(has), "found_best": sum(r["ok"] for r in has),
            "found_pct": 100 * sum(r["ok"] for r in has) / max(1, len(has)),
            "found_pct_by_category": {k: round(100 * sum(v) / len(v), 2) for k, v in sorted(by_cat.items())}}


def run_tmdb(n: str, src: str, limit: int, rerun: bool) -> dict | None:
    """translate-toolkit 3.18.1 TMDB on the first ``limit`` queries, through the shared harness."""
    result = PEER_DIR / "results" / f"tt_tmdb-fixedplan_{n}_{src}.json"
    if rerun or not result.exists():
        if not (TT318 / "bin" / "python").exists():
            print(f"TMDB: no {TT318} (python3 -m venv {TT318} && {TT318}/bin/pip install -r "
                  "bench/requirements-tmdb.txt)", file=sys.stderr)
            return None
        PEER_DIR.mkdir(parents=True, exist_ok=True)
        for f in PERF.iterdir():
            if f.suffix in (".py", ".sh", ".md"):
                shutil.copy(f, PEER_DIR / f.name)
        subprocess.run([str(TT318 / "bin" / "python"), "bench.py", "--peer", "tt_tmdb", "--tmdb-plan", "fixed",
                        "--n", n, "--src", src, "--limit", str(limit), "--variant=-fixedplan", "--data", str(OUT)],
                       cwd=PEER_DIR, check=True, capture_output=True)
    return json.loads(result.read_text())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", default="100k", help="TM size label for gen_tm.py (10k, 100k, 1M)")
    ap.add_argument("--src", default="en", help="query languages, comma-separated (en, zh, ru)")
    ap.add_argument("--queries", type=int, default=1000, help="queries per language (at most 1000)")
    ap.add_argument("--workers", type=int, default=2, help="processes for generation and ground truth")
    ap.add_argument("--skip-import", action="store_true", help="reuse the database of an earlier run")
    ap.add_argument("--skip-export", action="store_true", help="no export measurement")
    ap.add_argument("--tmdb", action="store_true", help="translate-toolkit 3.18.1 TMDB side by side")
    ap.add_argument("--tmdb-queries", type=int, default=100, help="queries per language for TMDB (slow)")
    ap.add_argument("--tmdb-rerun", action="store_true", help="run TMDB again even if its result is there")
    ap.add_argument("--db", help="TM database to measure (default bench/out/tm/tm_N.db); with --skip-import")
    args = ap.parse_args()

    from glossary.db import open_database

    ensure_data(args.n, args.workers)
    results: dict = {"n": args.n}
    saved = OUT / f"import_{args.n}.json"
    imp = measure_import(args.n) if not args.skip_import else json.loads(saved.read_text()) if saved.exists() else None
    if imp and args.skip_import:  # the raw result of an import child has no file facts
        imp.setdefault("units_read", imp["added"] + imp["merged"])
        imp.setdefault("units_per_s", imp["units_read"] / imp["seconds"])
        imp.setdefault("file_mb", (OUT / f"tm_{args.n}.tmx").stat().st_size / 2**20)
    if imp:
        results["import"] = imp
        print(f"import  {imp['units_read']:,} units ({imp['file_mb']:.0f} MiB) in {imp['seconds']:.1f} s: "
              f"{imp['units_per_s']:,.0f} units/s, peak RSS {imp['peak_rss_mb']:.0f} MiB "
              f"({imp['added']:,} added, {imp['merged']:,} merged; load {imp.get('load_avg', ['?'])[0]})", flush=True)
        if "cpu_s" in imp:
            print(f"        CPU {imp['cpu_s']:.1f} s + reading child {imp['reader_cpu_s']:.1f} s (peak RSS "
                  f"{imp['reader_peak_rss_mb']:.0f} MiB); with the WAL checkpoint at close "
                  f"{imp['seconds_with_checkpoint']:.1f} s", flush=True)
        if imp.get("tree_peak_pss_mb"):
            print(f"        both processes together: peak PSS {imp['tree_peak_pss_mb']:.0f} MiB "
                  f"(peak RSS sum {imp['tree_peak_rss_mb']:.0f} MiB, counting shared pages twice)", flush=True)
    if args.db and not args.skip_import:
        ap.error("--db measures an existing database: give --skip-import too")
    db = open_database(args.db or str(OUT / f"tm_{args.n}.db"))
    if not args.skip_export:
        results["export"] = exp = measure_export(db, args.n)
        print(f"export  {exp['units']:,} units ({exp['file_mb']:.0f} MiB) in {exp['seconds']:.2f} s: "
              f"{exp['units_per_s']:,.0f} units/s wall, CPU {exp['cpu_seconds']:.2f} s = "
              f"{exp['units_per_cpu_s']:,.0f} units per CPU-second, DTD-valid: {exp['dtd_valid']} "
              f"(load {exp['load_avg']})", flush=True)
    _load_pack(db)
    table = ["| what | queries | p50 ms | p95 ms | CPU p50 / p95 ms | true best found | load |",
             "|---|---|---|---|---|---|---|"]
    for src in args.src.split(","):
        results[f"match_{src}"] = m = measure_match(db, args.n, src, args.queries, args.workers)
        print(f"match {src}→{TARGET[src]}  {m['queries']} queries: p50 {m['p50_ms']:.1f} ms, p95 {m['p95_ms']:.1f} ms, "
              f"p99 {m['p99_ms']:.1f} ms (CPU p50 {m['cpu_p50_ms']:.1f}, p95 {m['cpu_p95_ms']:.1f}); true best (≥75) "
              f"found {m['found_best']}/{m['with_true_best_75']} = {m['found_pct']:.2f} % {m['found_pct_by_category']}"
              f" load {m['load_avg']}", flush=True)
        table.append(_row(f"silkterm {src}→{TARGET[src]}", m))
        peer = run_tmdb(args.n, src, args.tmdb_queries, args.tmdb_rerun) if args.tmdb else None
        if peer:
            mine = summarize([r for r in m["rows"] if r["qid"] in {p["qid"] for p in peer["rows"]}])
            mine["load_avg"] = m["load_avg"]
            t = peer["summary"]
            table.append(_row(f"silkterm {src}, TMDB's queries", mine))
            table.append(f"| TMDB 3.18.1 (fixed join) {src} | {t['queries']} | {t['lat_median_ms']:,.0f} | "
                         f"{t['lat_p95_ms']:,.0f} | — | {t['found_best']}/{t['n_gt_has75']} = "
                         f"{t['found_best_pct']:.1f} % | (own run) |")
            table.append(f"| speed-up vs TMDB {src} | | {t['lat_median_ms'] / mine['p50_ms']:,.0f}× | "
                         f"{t['lat_p95_ms'] / mine['p95_ms']:,.0f}× | | | |")
            results[f"tmdb_{src}"] = t
    db.dispose()
    print("\n".join(table))
    for key in list(results):
        if key.startswith("match_"):
            results[key].pop("rows", None)
    name = f"results_{args.n}_{Path(args.db).stem}.json" if args.db else f"results_{args.n}.json"
    (OUT / name).write_text(json.dumps(results, indent=2))


def _row(name: str, m: dict) -> str:
    return (f"| {name} | {m['queries']} | {m['p50_ms']:.1f} | {m['p95_ms']:.1f} | {m['cpu_p50_ms']:.1f} / "
            f"{m['cpu_p95_ms']:.1f} | {m['found_best']}/{m['with_true_best_75']} = {m['found_pct']:.2f} % | "
            f"{m.get('load_avg', '')} |")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "_import":
        import_child(sys.argv[2], sys.argv[3])
    else:
        main()
