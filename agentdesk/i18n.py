"""Chinese-first user messages with an English alternative, chosen once per process."""

from __future__ import annotations

import os

_LANG: str | None = None


def language() -> str:
    """'zh' unless AGENTDESK_LANG (or, failing that, the locale) asks for English."""
    global _LANG
    if _LANG is None:
        wanted = os.environ.get("AGENTDESK_LANG", "").strip().lower()
        if not wanted:
            wanted = (os.environ.get("LC_ALL") or os.environ.get("LANG") or "").lower()
            if not wanted:
                import locale

                wanted = (locale.getlocale()[0] or "").lower()
            # Only an explicit English locale switches; C/POSIX stay Chinese (the users' default).
            wanted = "en" if wanted.startswith("en") else "zh"
        _LANG = "en" if wanted.startswith("en") else "zh"
    return _LANG


def set_language(lang: str | None) -> None:
    """Force 'zh' or 'en' (None: decide again from the environment). Used by settings and tests."""
    global _LANG
    _LANG = None if lang is None else ("en" if lang.lower().startswith("en") else "zh")


def t(zh: str, en: str) -> str:
    """Pick the message for the current language. Both texts sit side by side at the call site."""
    return en if language() == "en" else zh
