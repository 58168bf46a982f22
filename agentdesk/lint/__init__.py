"""What never to say: the reply linter (forbidden phrases, personal data, placeholders)."""

from agentdesk.lint.controls import strip_controls
from agentdesk.lint.detectors import mask_personal_data
from agentdesk.lint.linter import Linter
from agentdesk.lint.model import Finding, Severity
from agentdesk.lint.rulebook import Rule, Rulebook, load_rulebook

__all__ = ["Finding", "Linter", "Rule", "Rulebook", "Severity", "load_rulebook",
           "mask_personal_data", "strip_controls"]
