"""How fast search-as-you-type results reach the screen in the TUI, on the 100k-concept termbase.

For each query, from a quiet screen, the search box's value is set (as a paste or keystroke would)
and the time until the results table has been filled for that exact query is measured, with the real
app driven headless by Textual's Pilot. Typing a query at 20 keys per second is also timed: from the
last keystroke to its results (each earlier prefix's search is superseded).

    .venv/bin/python bench/bench_tui.py [--db bench/out/termbase-100000.db] [--queries 200]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402
from textual.widgets import Input  # noqa: E402

from glossary.db import open_database  # noqa: E402
from glossary.service import TermbaseService  # noqa: E402
from tests.test_tui.helpers import settle  # noqa: E402
from tui.app import make_app  # noqa: E402
from tui.screens.glossary import GlossaryScreen  # noqa: E402


def sample_queries(db_path: Path, n: int, seed: int) -> list[str]:
    """Stored terms in every language, some cut short as if still being typed."""
    con = sqlite3.connect(db_path)
    max_id = con.execute("SELECT max(id) FROM term").fetchone()[0]
    rng = random.Random(seed)
    texts = []
    while len(texts) < n:
        row = con.execute("SELECT text FROM term WHERE id = ?", (rng.randint(1, max_id),)).fetchone()
        if row:
            text = row[0]
            texts.append(text if rng.random() < 0.5 else text[: max(2, len(text) // 2)])
    return texts


async def measure(db_path: Path, queries: list[str]) -> tuple[list[float], list[float]]:
    """(per-query latencies, per-keystroke latencies of typed queries) in ms."""
    svc = TermbaseService(open_database(str(db_path)), author="bench")
    app = make_app(svc)
    shown: dict[str, float] = {}
    async with app.run_test(size=(130, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, GlossaryScreen)
        original = screen._show_results

        def record(query: str, rows: list, note: str) -> None:
            original(query, rows, note)
            if query == screen.query_one("#search", Input).value:
                shown[query] = time.perf_counter()

        screen._show_results = record  # type: ignore[method-assign]
        box = screen.query_one("#search", Input)
        latencies = []
        for q in queries:
            await settle(pilot)  # from a quiet screen: the previous entry has been loaded and drawn
            shown.pop(q, None)
            start = time.perf_counter()
            box.value = q
            while q not in shown:
                await asyncio.sleep(0.001)
            latencies.append((shown[q] - start) * 1000)
        typed = []
        for q in queries[:20]:
            box.value = ""
            await settle(pilot)
            for i in range(1, len(q) + 1):
                start = time.perf_counter()
                box.value = q[:i]
                await asyncio.sleep(0.05)  # a fast typist: 20 keys per second
            while q not in shown:
                await asyncio.sleep(0.001)
            typed.append((shown[q] - start) * 1000)
    return latencies, typed


def main() -> int:
    """Run and print the numbers."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", type=Path, default=Path(__file__).parent / "out" / "termbase-100000.db")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    if not args.db.exists():
        print(f"{args.db} does not exist: run bench/bench_lookup.py (or gen_termbase.py) first")
        return 1
    queries = sample_queries(args.db, args.queries, args.seed)
    latencies, typed = asyncio.run(measure(args.db, queries))
    table = Table(title=f"TUI search-as-you-type on {args.db.name}")
    for col in ("measure", "n", "p50 ms", "p95 ms", "max ms", "target"):
        table.add_column(col)
    for label, values in (("value set → results on screen", latencies),
                          ("last keystroke of a typed query → its results", typed)):
        values = sorted(values)
        p95 = values[int(len(values) * 0.95) - 1] if len(values) > 1 else values[0]
        table.add_row(label, str(len(values)), f"{statistics.median(values):.1f}", f"{p95:.1f}",
                      f"{values[-1]:.1f}", "≤ 100 ms")
    Console().print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
