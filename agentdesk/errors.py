"""The one exception type a user can cause, carrying a message written for that user."""

from __future__ import annotations


class UserError(Exception):
    """Bad input or a bad environment: shown to the user as one line, never as a traceback.

    `exit_code` follows the CLI convention: 2 for bad input or usage, 1 for a check that
    found problems, other values for environment failures.
    """

    def __init__(self, message: str, *, exit_code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message
