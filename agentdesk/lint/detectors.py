"""Built-in checks that are not phrase lists: personal data, unfilled placeholders, vague promises.

They run on the original text (digits and brackets need no normalising) and return
(start, end, rule id) spans; the linter turns them into findings.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date

PHONE = re.compile(r"(?<![\d*])(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}(?![\d*])")
ID_CARD = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")
CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){15,18}(?![\d-])")
BRACKET = re.compile(r"\[([^\[\]\n]{1,20})\]|【([^【】\n]{1,20})】|\{([^{}\n]{1,20})\}")
XX = re.compile(r"(?<![A-Za-z])(?:[Xx×]{2,}|[Yy]{3,})(?![A-Za-z])")
_ROLES_BEFORE_STAR = ("客服", "工程师", "师傅", "专员", "代表", "经理", "主管", "先生", "女士",
                      "员")
STAR_OR_MOU = re.compile(r"\*+|某某")
_HAS_WIDE = re.compile("[０-９]")
_WIDE_DIGITS = str.maketrans("０１２３４５６７８９＋－　", "0123456789+- ")
VAGUE = re.compile(r"尽快|稍后|过段时间|过一段时间")
TIME_WORDS = re.compile(
    r"\d+\s*(?:分钟|小时|天|个?工作日|点|号|日|月)|[一二三四五六七八九十两半]+\s*(?:分钟|个?小时|天|"
    r"个?工作日)|今天|今日|明天|后天|下班前|本周|周[一二三四五六日]|\d{1,2}[:：]\d{2}")
_CLAUSE_ENDS = "。！？!?\n，,；;"
_CHAT_TOKENS = {"图片", "表情", "语音", "视频", "文件", "链接", "动画表情", "位置", "红包"}
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_card_valid(number: str) -> bool:
    """Check digit (GB 11643) and a real date of birth."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS, strict=True))
    if _CHECK[total % 11] != number[17].upper():
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= date.today()


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _context(text: str, start: int, width: int = 8) -> str:
    return text[max(0, start - width): start]


def personal_data(text: str) -> list[tuple[int, int, str]]:
    if _HAS_WIDE.search(text):
        text = text.translate(_WIDE_DIGITS)  # one character for one: offsets stay valid
    found = []
    ids = set()
    for m in ID_CARD.finditer(text):
        if id_card_valid(m.group(0)):
            found.append((m.start(), m.end(), "privacy.id_number"))
            ids.add(m.start())
    for m in CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if m.start() in ids or not 16 <= len(digits) <= 19 or not luhn_valid(digits):
            continue
        before = _context(text, m.start(), 10)
        if re.search(r"订单|单号|编号|流水|快递|运单", before):
            continue
        if digits[:2] == "62" or digits[0] in "3459" or re.search(r"卡|账号|银行", before):
            found.append((m.start(), m.end(), "privacy.bank_card"))
    taken = sorted((s, e) for s, e, _ in found)
    starts = [s for s, _ in taken]
    for m in PHONE.finditer(text):
        i = bisect_right(starts, m.start()) - 1
        if i < 0 or taken[i][1] <= m.start():  # not inside an ID or card number
            found.append((m.start(), m.end(), "privacy.mobile"))
    return found


def placeholders(text: str) -> list[tuple[int, int, str]]:
    found = []
    for m in BRACKET.finditer(text):
        inner = next(g for g in m.groups() if g is not None).strip()
        if inner in _CHAT_TOKENS or not inner or inner.isdigit():
            continue
        found.append((m.start(), m.end(), "placeholder.unfilled"))
    found += [(m.start(), m.end(), "placeholder.unfilled") for m in XX.finditer(text)]
    if "*" in text or "某某" in text:
        found += [(m.start(), m.end(), "placeholder.unfilled")
                  for m in STAR_OR_MOU.finditer(text) if _names_someone(text, m)]
    return found


def _names_someone(text: str, m: re.Match[str]) -> bool:
    """客服* and 工程师*上门 leave a name out; 不*知*道 and 138****5678 do not."""
    if m.group(0) == "某某":
        return True
    if len(m.group(0)) > 1:
        return False
    before = text[m.start() - 1] if m.start() else ""
    after = text[m.end()] if m.end() < len(text) else ""
    if text.endswith(_ROLES_BEFORE_STAR, 0, m.start()):
        return True
    return "\u4e00" <= before <= "\u9fff" and not ("\u4e00" <= after <= "\u9fff"
                                                   or after.isdigit())


def vague_promises(text: str) -> list[tuple[int, int, str]]:
    found = []
    for m in VAGUE.finditer(text):
        left = max(text.rfind(c, 0, m.start()) for c in _CLAUSE_ENDS)
        rights = [i for i in (text.find(c, m.end()) for c in _CLAUSE_ENDS) if i >= 0]
        sentence = text[left + 1: min(rights) if rights else len(text)]
        if not TIME_WORDS.search(sentence):
            found.append((m.start(), m.end(), "promise.vague_time"))
    return found


def mask_personal_data(text: str) -> str:
    """138****5678 for phones; IDs and cards keep their first and last four characters."""
    spans = sorted(personal_data(text), reverse=True)
    for start, end, _ in spans:
        raw = text[start:end]
        digits = re.sub(r"[\s-]", "", raw)
        if len(digits) >= 11 and digits.startswith(("+86", "86")) and len(digits) > 11:
            digits = digits[-11:]
        keep = 3 if len(digits) == 11 else 4
        masked = digits[:keep] + "*" * (len(digits) - keep - 4) + digits[-4:]
        text = text[:start] + masked + text[end:]
    return text
