"""Shared fixtures: an isolated data directory for every test, so nothing touches the real one."""

from __future__ import annotations

import os

# Qt must never try a real screen in the test run unless a test starts one itself.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    """AGENTDESK_HOME in a fresh temp dir; no personal phrasebook layers or DB leak in."""
    home = tmp_path_factory.mktemp("agentdesk-home")
    monkeypatch.setenv("AGENTDESK_HOME", str(home))
    monkeypatch.delenv("AGENTDESK_DB", raising=False)
    monkeypatch.delenv("AGENTDESK_PHRASEBOOK", raising=False)
    monkeypatch.setenv("AGENTDESK_LANG", "zh")
    from agentdesk import data_i18n, i18n

    i18n.set_language(None)
    data_i18n.use_layers(None)      # a CLI main() run in-process sets the layers it resolved
    yield home
    i18n.set_language(None)
    data_i18n.use_layers(None)
