"""One shipped linter for the lint tests, with jieba loaded (as the CLI and window have it)."""

from __future__ import annotations

import pytest

from agentdesk.chinese import segmenter
from agentdesk.lint import Linter
from agentdesk.paths import shipped_phrasebook


@pytest.fixture(scope="session")
def linter() -> Linter:
    segmenter().tokenizer()
    return Linter.from_phrasebook(shipped_phrasebook())


@pytest.fixture(scope="session")
def rules_linter() -> Linter:
    """The rules alone, for the corpora the rules were fitted on (corpus.tsv, dev/): the tone
    layer is scored by its own tests and, with the rules, on the held-out set."""
    segmenter().tokenizer()
    return Linter.from_phrasebook(shipped_phrasebook(), tone=None)
