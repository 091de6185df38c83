"""Where ``tm match`` spends its time: cProfile over the benchmark's queries on an existing TM database.

Prints the CPU time of the whole run and the top functions by cumulative and by own time, so a
change is chosen from measurements. Usage (from the project root)::

    .venv/bin/python bench/profile_match.py --db bench/out/tm/match_100k.db --n 100k --src en --queries 200
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TARGET = {"en": "ru", "zh": "en", "ru": "en"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True, help="TM database file")
    ap.add_argument("--n", default="100k", help="label of the query file bench/out/tm/queries_N.jsonl")
    ap.add_argument("--src", default="en", help="query language (en, zh, ru)")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--top", type=int, default=35)
    ap.add_argument("--sort", default="cumulative,tottime", help="pstats sort keys, comma-separated (one table each)")
    args = ap.parse_args()

    from glossary.db import open_database
    from tm.service import TmService

    lines = (ROOT / "bench" / "out" / "tm" / f"queries_{args.n}.jsonl").open(encoding="utf-8")
    queries = [json.loads(line)[args.src] for line in lines][:args.queries]
    db = open_database(args.db)
    service = TmService(db)
    for q in queries[:5]:
        service.match(q, source_lang=args.src, target_lang=TARGET[args.src])
    profile = cProfile.Profile(time.process_time)
    load, wall, cpu = os.getloadavg()[0], time.perf_counter(), time.process_time()
    profile.enable()
    for q in queries:
        service.match(q, source_lang=args.src, target_lang=TARGET[args.src], min_score=75, limit=5)
    profile.disable()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{len(queries)} queries: {1000 * wall / len(queries):.1f} ms wall, {1000 * cpu / len(queries):.1f} ms CPU "
          f"per query (profiled); load {load:.1f}→{os.getloadavg()[0]:.1f}")
    for key in args.sort.split(","):
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(key).print_stats(args.top)
        print(out.getvalue())
    db.dispose()


if __name__ == "__main__":
    main()
