"""Shared Pilot helpers."""

from __future__ import annotations

from textual.worker import WorkerCancelled


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until every worker is done (superseded searches end cancelled) and the screen caught up."""
    await pilot.pause()
    while any(w.is_running for w in pilot.app.workers):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:
            pass
    await pilot.pause()
