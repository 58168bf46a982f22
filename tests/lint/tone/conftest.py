"""The shipped tone model, loaded once for the tone tests."""

from __future__ import annotations

import pytest

from agentdesk.lint.tone import MODEL_FILE, ToneModel
from agentdesk.paths import shipped_phrasebook


@pytest.fixture(scope="session")
def tone_model() -> ToneModel:
    return ToneModel.load(shipped_phrasebook() / MODEL_FILE)


@pytest.fixture(scope="session")
def linter_for_absorb():
    from agentdesk.lint import Linter

    return Linter.from_phrasebook(shipped_phrasebook())
