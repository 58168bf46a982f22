"""The entries table's columns and the row -> Entry mapping, shared by the log and the handover.

Both import it, so neither has to import the other (the cycle desk/handover <-> dutylog).
"""

from __future__ import annotations

from agentdesk.desk.model import Entry, from_iso

COLUMNS = ("id, created_at, updated_at, agent, customer, title, contact, channel, category, "
           "priority, summary, status, transferred_to, callback_at, resolution")


def prefixed(alias: str) -> str:
    """COLUMNS qualified by a table alias, for joins."""
    return ", ".join(f"{alias}.{c.strip()}" for c in COLUMNS.split(","))


def row_to_entry(row: tuple) -> Entry:
    return Entry(row[0], from_iso(row[1]), from_iso(row[2]), row[3], row[4], row[5], row[6],
                 row[7], row[8], row[9], row[10], row[11], row[12], from_iso(row[13]), row[14])
