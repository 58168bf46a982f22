"""User messages through gettext catalogs: the Chinese text is the message id, other languages
are catalogs in resources/locale/<lang>/LC_MESSAGES/agentdesk.mo, chosen once per process.

    tr("已导出 {n} 条记录", n=count)

Adding a language (zh_TW, ...) means adding a catalog, never editing call sites.
"""

from __future__ import annotations

import os
from typing import Any

DOMAIN = "agentdesk"
_LANG: str | None = None
_CATALOG: Any = None


def _wanted_from_environment() -> str:
    wanted = os.environ.get("AGENTDESK_LANG", "").strip()
    if wanted:
        return wanted
    wanted = (os.environ.get("LC_ALL") or os.environ.get("LANG") or "").strip()
    if not wanted:
        import locale

        wanted = locale.getlocale()[0] or ""
    # Only an explicit English locale switches; C/POSIX and zh_* stay Chinese (the users' default).
    return "en" if wanted.lower().startswith("en") else "zh"


def _normalise(code: str) -> str:
    code = code.split(".")[0].replace("-", "_")
    low = code.lower()
    if low.startswith("en"):
        return "en"
    if low in ("zh_tw", "zh_hk", "zh_hant", "zh_mo"):
        return "zh_TW"
    if low.startswith("zh") or not low:
        return "zh"
    return code


def language() -> str:
    """'zh' (the message ids themselves), 'en', or another catalog's code such as 'zh_TW'."""
    global _LANG
    if _LANG is None:
        _LANG = _normalise(_wanted_from_environment())
    return _LANG


def set_language(lang: str | None) -> None:
    """Force a language (None: decide again from the environment). Used by settings and tests."""
    global _LANG, _CATALOG
    _LANG = None if lang is None else _normalise(lang)
    _CATALOG = None


def locale_dir():
    from agentdesk.paths import shipped_resources

    return shipped_resources() / "locale"


def catalog():
    """The gettext translations of the current language (NullTranslations for Chinese)."""
    global _CATALOG
    if _CATALOG is None:
        import gettext

        lang = language()
        if lang == "zh":
            _CATALOG = gettext.NullTranslations()
        else:
            _CATALOG = gettext.translation(DOMAIN, localedir=str(locale_dir()),
                                           languages=[lang], fallback=True)
    return _CATALOG


def tr(message: str, /, **fields: Any) -> str:
    """The message in the current language, with its {fields} filled in."""
    text = catalog().gettext(message)
    if not fields and "{" not in text and "}" not in text:
        return text
    try:        # without fields too: "{{ bad = […] }}" is how a message writes a literal brace
        return text.format(**fields)
    except (KeyError, IndexError, ValueError):   # a broken translation never hides the message
        try:
            return message.format(**fields)
        except (KeyError, IndexError, ValueError):
            return text


def field_label(label: str) -> str:
    """A field named in a message as "category（类别）" (the CLI option and its Chinese name):
    whole in Chinese, the option name alone in another language."""
    if language().startswith("zh") or "（" not in label:
        return label
    return label.split("（", 1)[0]


def N_(message: str) -> str:
    """Marks a message id kept in a table (translated later with tr(name)); returns it as is."""
    return message


def pick(zh: str, en: str) -> str:
    """For pairs that are DATA with both languages in it (rule files, the tone model, the
    vocabulary's aliases): choose one. Messages written in the source use tr()."""
    return en if language() == "en" else zh
