"""What to say: approved reply templates, layered, validated, searchable and fillable."""

from agentdesk.phrasebook.book import Phrasebook, fingerprint, layer_name
from agentdesk.phrasebook.model import LoadProblem, MissingPlaceholders, Placeholder, Template
from agentdesk.phrasebook.placeholders import find_placeholders
from agentdesk.phrasebook.usage import UsageStore

__all__ = ["LoadProblem", "MissingPlaceholders", "Phrasebook", "Placeholder", "Template",
           "UsageStore", "find_placeholders", "fingerprint", "layer_name"]
