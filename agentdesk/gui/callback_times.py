"""Call-back presets (30 分钟, 2 小时, 明早 9:00, 下一班) as plain datetimes, whole minutes."""

from __future__ import annotations

from datetime import datetime, timedelta

from agentdesk.i18n import tr

# The desk works 12-hour shifts (the core's default shift length); they change at these hours.
SHIFT_CHANGES = (8, 20)
MORNING = 9


def _minute(moment: datetime) -> datetime:
    """Rounded up to the next whole minute: a promise is never earlier than said."""
    whole = moment.replace(second=0, microsecond=0)
    return whole if whole == moment else whole + timedelta(minutes=1)


def next_shift(now: datetime) -> datetime:
    for hour in SHIFT_CHANGES:
        start = now.replace(hour=hour, minute=0, second=0, microsecond=0)
        if start > now:
            return start
    return (now + timedelta(days=1)).replace(hour=SHIFT_CHANGES[0], minute=0, second=0,
                                             microsecond=0)


def presets(now: datetime | None = None) -> list[tuple[str, str, datetime]]:
    """(key, label, local time) for each preset, computed from `now` (local, aware)."""
    now = now or datetime.now().astimezone()
    tomorrow = (now + timedelta(days=1)).replace(hour=MORNING, minute=0, second=0,
                                                 microsecond=0)
    return [("30m", tr('30 分钟'), _minute(now + timedelta(minutes=30))),
            ("2h", tr('2 小时'), _minute(now + timedelta(hours=2))),
            ("morning", tr('明早 9:00'), tomorrow),
            ("shift", tr('下一班'), next_shift(now))]


def default_callback(now: datetime | None = None) -> datetime:
    """What a new call-back starts at: half an hour from the moment it is promised."""
    return presets(now)[0][2]
