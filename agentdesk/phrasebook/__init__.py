"""What to say: approved reply templates, layered, validated, searchable and fillable."""

from agentdesk.phrasebook.book import Phrasebook, fingerprint, template_files
from agentdesk.phrasebook.filling import initial_values
from agentdesk.phrasebook.model import LoadProblem, MissingPlaceholders, Template
from agentdesk.phrasebook.placeholders import Placeholder, find_placeholders
from agentdesk.phrasebook.usage import UsageStore

__all__ = ["LoadProblem", "MissingPlaceholders", "Phrasebook", "Placeholder", "Template",
           "UsageStore", "find_placeholders", "fingerprint", "initial_values", "template_files"]
