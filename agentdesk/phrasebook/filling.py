"""Which value each placeholder starts with: the window's form and the CLI ask this, once."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from agentdesk.phrasebook.model import Template


def initial_values(template: Template, remembered: Callable[[str], str | None] | Mapping,
                   given: Mapping[str, str] | None = None) -> dict[str, str]:
    """A value per placeholder where one is known: what the agent gave now, else what they
    last typed for that name (their company, their number), else the template's default.

    Placeholders with no value at all are left out; Template.fill names them."""
    lookup = remembered.get if isinstance(remembered, Mapping) else remembered
    given = given or {}
    values: dict[str, str] = {}
    for ph in template.placeholders:
        for candidate in (given.get(ph.name), lookup(ph.name), ph.default):
            if candidate is not None and str(candidate).strip():
                values[ph.name] = str(candidate)
                break
    return values
