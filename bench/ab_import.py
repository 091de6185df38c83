"""TMX import speed of this checkout against an earlier revision, alternating runs on the same data.

The machines this runs on change speed by half from hour to hour, so an import time alone says
little about a change. This script checks the earlier revision out into a temporary git worktree
and imports the same generated TMX with both, alternately (base, work, base, work, …), each in a
fresh process (``bench_tm.py _import``), and prints every run and the medians. Usage::

    .venv/bin/python bench/ab_import.py --base cf8059b --n 1M --rounds 3
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "tm"

# Runs bench_tm.py of another checkout with that checkout's packages first on the path (an editable
# install of this one would otherwise be imported instead).
_RUNNER = """
import runpy, sys
root = sys.argv[1]
sys.meta_path = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
sys.path.insert(0, root)
sys.argv = [root + "/bench/bench_tm.py", *sys.argv[2:]]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def _import_once(root: Path, tmx: Path, db: Path) -> dict:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    done = subprocess.run([sys.executable, "-c", _RUNNER, str(root), "_import", str(db), str(tmx)],
                          check=True, capture_output=True, text=True, cwd=root)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", required=True, help="git revision to compare against")
    ap.add_argument("--n", default="100k", help="TM size label (bench/out/tm/tm_N.tmx, made by bench_tm.py)")
    ap.add_argument("--rounds", type=int, default=3, help="runs of each side")
    args = ap.parse_args()
    tmx = OUT / f"tm_{args.n}.tmx"
    if not tmx.exists():
        ap.error(f"{tmx} is missing: run bench/bench_tm.py --n {args.n} once first")
    with tempfile.TemporaryDirectory(prefix="silkterm-ab-") as tmp:
        base = Path(tmp) / "base"
        subprocess.run(["git", "worktree", "add", "--detach", str(base), args.base], cwd=ROOT, check=True,
                       capture_output=True)
        try:
            seconds: dict[str, list[float]] = {"base": [], "work": []}
            for _ in range(args.rounds):
                for side, root in (("base", base), ("work", ROOT)):
                    r = _import_once(root, tmx, Path(tmp) / f"{side}.db")
                    units = r["added"] + r["merged"]
                    seconds[side].append(r["seconds"])
                    print(f"{side}  {r['seconds']:6.1f} s = {units / r['seconds']:8,.0f} units/s  CPU writer "
                          f"{r['cpu_s']:5.1f} s, reader {r['reader_cpu_s']:5.1f} s  peak RSS {r['peak_rss_mb']:.0f} / "
                          f"{r['reader_peak_rss_mb']:.0f} MiB", flush=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, capture_output=True)
    b, w = statistics.median(seconds["base"]), statistics.median(seconds["work"])
    print(f"median base {b:.1f} s, work {w:.1f} s: {100 * (w - b) / b:+.0f} %")


if __name__ == "__main__":
    main()
