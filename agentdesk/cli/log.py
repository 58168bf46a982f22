"""The `agentdesk log` subcommand (not built yet: registers nothing)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add `log` to the command line. Heavy imports belong inside the handlers."""
