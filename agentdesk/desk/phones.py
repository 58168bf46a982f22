"""Phone numbers: one normal form for matching repeat contacts, and the masked form for lists."""

from __future__ import annotations

import re

_NON_DIGITS = re.compile(r"[^\d]")


def normalise_phone(raw: str | None) -> str | None:
    """+86 138-1234-5678, 138 1234 5678 and 8613812345678 all become 13812345678."""
    if not raw:
        return None
    digits = _NON_DIGITS.sub("", raw.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    elif len(digits) == 15 and digits.startswith("0086"):
        digits = digits[4:]
    return digits or None


def mask_phone(raw: str | None) -> str:
    """138****5678; short numbers keep only their last two digits."""
    if not raw:
        return ""
    digits = normalise_phone(raw) or ""
    if len(digits) >= 8:  # mobiles and landlines: first three and last four stay
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    return "*" * max(len(digits) - 2, 0) + digits[-2:]
