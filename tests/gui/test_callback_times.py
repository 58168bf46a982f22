"""Call-back presets are computed from the moment they are chosen, in whole minutes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from agentdesk.gui.callback_times import default_callback, next_shift, presets

TZ = timezone(timedelta(hours=8))


def test_presets_from_a_given_moment_have_no_seconds():
    now = datetime(2026, 3, 1, 14, 7, 31, tzinfo=TZ)
    got = {key: when for key, _, when in presets(now)}
    assert got["30m"] == datetime(2026, 3, 1, 14, 38, tzinfo=TZ)
    assert got["2h"] == datetime(2026, 3, 1, 16, 8, tzinfo=TZ)
    assert got["morning"] == datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
    assert got["shift"] == datetime(2026, 3, 1, 20, 0, tzinfo=TZ)
    assert all(w.second == 0 and w.microsecond == 0 for w in got.values())


def test_next_shift_after_the_evening_change_is_tomorrow_morning():
    assert next_shift(datetime(2026, 3, 1, 20, 0, tzinfo=TZ)) == datetime(2026, 3, 2, 8, 0,
                                                                          tzinfo=TZ)
    assert next_shift(datetime(2026, 3, 1, 3, 0, tzinfo=TZ)) == datetime(2026, 3, 1, 8, 0,
                                                                         tzinfo=TZ)


def test_default_is_half_an_hour_from_now_on_the_minute():
    now = datetime(2026, 3, 1, 23, 50, tzinfo=TZ)
    assert default_callback(now) == datetime(2026, 3, 2, 0, 20, tzinfo=TZ)
