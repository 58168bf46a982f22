"""Background work hands its result back and leaves nothing behind."""

from __future__ import annotations

import gc


def test_background_ops_release_their_relays(qtbot):
    from agentdesk.gui import workers

    def relays() -> int:
        gc.collect()
        return sum(1 for o in gc.get_objects() if type(o).__name__ == "_Relay")

    before = relays()          # other tests' windows may still have work in flight
    results = []
    for i in range(200):
        workers.run_in_background(lambda i=i: i, results.append)
    qtbot.waitUntil(lambda: len(results) == 200, timeout=10_000)
    qtbot.wait(50)               # deleteLater runs on the next turn of the event loop
    left = relays() - before
    assert sorted(results) == list(range(200))
    assert left < 5, f"{left} more relays alive after 200 background ops"
