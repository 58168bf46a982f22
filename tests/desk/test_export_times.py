"""The export's cached local times equal model.local_text in every kind of zone."""

from __future__ import annotations

import os
import time
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agentdesk.desk.model import from_iso, local_text, to_iso
from agentdesk.desk.reports import _LocalTimes


@pytest.fixture(params=["Asia/Shanghai", "Asia/Kolkata", "America/New_York", "UTC"])
def zone(request):
    before = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    yield request.param
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # the zone is fixed
@given(st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2037, 12, 31),
                    timezones=st.just(timezone.utc)))
def test_cached_local_times_match_local_text(zone, moment):
    iso = to_iso(moment)
    assert _LocalTimes()(iso) == local_text(from_iso(iso))
    cache = _LocalTimes()
    cache(iso)
    assert cache(iso) == local_text(from_iso(iso))


def test_year_9999_exports_in_utc(zone):
    iso = "9999-12-31T23:59:00+00:00"
    assert _LocalTimes()(iso) == local_text(from_iso(iso))
