"""End to end in a real terminal: silkterm tui under tmux, keys sent, the pane read back."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(not TMUX and os.environ.get("CI") != "true",
                                reason="tmux not installed (CI installs it in .ci/run)")


def _pane(session: str) -> str:
    return subprocess.run([TMUX, "capture-pane", "-t", session, "-p"], capture_output=True, text=True).stdout


def _wait_for(session: str, text: str, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = _pane(session)
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} did not appear on screen:\n{screen}")


def test_tui_in_tmux(pack_db_file: Path, tmp_path: Path) -> None:
    assert TMUX, "tmux is required in CI"
    db = tmp_path / "e2e.db"
    shutil.copy(pack_db_file, db)
    exe = Path(sys.executable).with_name("silkterm")
    session = f"silkterm-e2e-{os.getpid()}"
    env = f"TERM=xterm-256color SILKTERM_USER=e2e XDG_DATA_HOME={tmp_path}"
    subprocess.run([TMUX, "new-session", "-d", "-s", session, "-x", "120", "-y", "32",
                    f"env {env} {exe} --db {db} tui"], check=True)
    try:
        _wait_for(session, "Search in any language")
        subprocess.run([TMUX, "send-keys", "-t", session, "-l", "в Ашхабаде"], check=True)
        screen = _wait_for(session, "阿什哈巴德")
        assert "Ashgabat" in screen and "lemma" in screen
        subprocess.run([TMUX, "send-keys", "-t", session, "F1"], check=True)
        _wait_for(session, "silkterm keys")
        subprocess.run([TMUX, "send-keys", "-t", session, "Escape"], check=True)
        time.sleep(0.5)  # ESC followed at once by another key reads as alt+key
        subprocess.run([TMUX, "send-keys", "-t", session, "C-q"], check=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if subprocess.run([TMUX, "has-session", "-t", session], capture_output=True).returncode != 0:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("the app did not quit on ctrl+q")
    finally:
        subprocess.run([TMUX, "kill-session", "-t", session], capture_output=True)
