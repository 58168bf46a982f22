"""What never to say: the reply linter (forbidden phrases, personal data, placeholders)."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

# Resolved on first use (PEP 562): importing one small module of the package (readiness,
# model) must not load the whole linter, RE2 and the detectors' regexes, which the window
# would otherwise pay on its GUI thread before it shows.
_EXPORTS = {
    "Finding": "agentdesk.lint.model", "Severity": "agentdesk.lint.model",
    "Linter": "agentdesk.lint.linter", "Rule": "agentdesk.lint.rulebook",
    "Rulebook": "agentdesk.lint.rulebook", "load_rulebook": "agentdesk.lint.rulebook",
    "mask_personal_data": "agentdesk.lint.privacy",
    "strip_controls": "agentdesk.lint.controls",
}

__all__ = ["Finding", "Linter", "Rule", "Rulebook", "Severity", "load_rulebook",
           "mask_personal_data", "strip_controls"]

if TYPE_CHECKING:
    from agentdesk.lint.controls import strip_controls
    from agentdesk.lint.linter import Linter
    from agentdesk.lint.model import Finding, Severity
    from agentdesk.lint.privacy import mask_personal_data
    from agentdesk.lint.rulebook import Rule, Rulebook, load_rulebook


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'agentdesk.lint' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
