"""The entries table's columns and the row -> Entry mapping, shared by the log and the handover.

Both import it, so neither has to import the other (the cycle desk/handover <-> dutylog). The
columns are agentdesk.desk.fields.FIELDS, in order.
"""

from __future__ import annotations

from agentdesk.desk import unreadable
from agentdesk.desk.fields import FIELDS, names, time_positions
from agentdesk.desk.model import Entry, from_iso

COLUMNS = ", ".join(names(FIELDS))
_TIMES = time_positions(FIELDS)


def prefixed(alias: str) -> str:
    """COLUMNS qualified by a table alias, for joins."""
    return ", ".join(f"{alias}.{name}" for name in names(FIELDS))


def row_to_entry(row: tuple) -> Entry:
    values = list(unreadable.texts(row))     # a BLOB another program wrote: as its text
    for i in _TIMES:     # stored as UTC ISO text
        values[i] = from_iso(values[i])
    return Entry(*values)
