"""Personal data in a reply: mainland, Taiwan and Hong Kong phones and IDs, bank cards, e-mail
and chat accounts, street addresses, and a third party's full name beside them; and the masked
form the fix offers.

Runs on the original text (digits need no normalising) and returns (start, end, rule id) spans;
the linter turns them into findings. The shapes of a mobile and a card number are
agentdesk.masking's, the one definition the log and exports mask with too.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from datetime import date

from agentdesk.masking import BANK_CARD, MOBILE

# a mainland mobile (agentdesk.masking's shape), or a Taiwan one (0912345678, 0912-345-678), the
# traditional-character desks' own; digits glued to letters are a code (順豐單號SF0987654321)
PHONE = re.compile(r"(?<![A-Za-z])(?:" + MOBILE.pattern +
                   r"|(?<![\d*])09\d{2}[-\s]?\d{3}[-\s]?\d{3}(?![\d*]))")
# 18 digits, or written in groups (130102 19830925 4416, 4403 0519 9203 1547 16), as a card is
ID_CARD = re.compile(r"(?<![\dA-Za-z])(?<!\d[ -])\d(?:[ -]?\d){16}[ -]?[\dXx](?![\dA-Za-z])"
                     r"(?![ -]\d)")
# Hong Kong numbers are eight digits (9123 4567): only where the reply calls one a phone
HK_PHONE = re.compile(r"(?<![\d*-])[2-35-9]\d{3}[ -]?\d{4}(?![\d*])")
# a landline is the customer's only where the reply says so (您家座机是0531-86123456); a
# desk's own number (服务热线010-12345678) is what it gives out
LANDLINE = re.compile(r"(?<![\d*-])(?:\(0\d{1,3}\)|0\d{1,3}[-\s]?)(?:\d{6,8}|\d{3,4}[-\s]\d{4})"
                      r"(?![\d*])")
_LINE_WORDS = ("座机|座機|固话|固話|固定电话|固定電話|家里电话|家裡電話|家庭电话|家庭電話|"
               "宅电|宅電|住宅电话|住宅電話|市话|市話|回访号码|回訪號碼|回访电话|回訪電話")
_THEIR_LINE = re.compile(
    "(?:(?:您|你|客户|用户|业主|住户|机主|他|她)(?:家|的|们家)?(?:的)?(?:" + _LINE_WORDS + ")"
    # a plain 电话 is theirs only when the words before make it so: 您家电话, 他们家电话,
    # 绑定的号码, 给您登记的回访号码, 户主周桂兰，联系电话 (a desk's 服务电话 is
    # what it gives out)
    "|(?:(?:您|你|他|她|他们|他們)家(?:的)?|(?:绑定|綁定|登记|登記|预留|預留|留)的"
    "|(?:户主|戶主|机主|機主|业主|業主|用户|用戶|住户|住戶)[\u4e00-\u9fff]{2,3}[，,、]?)"
    "(?:联系|聯絡)?(?:电话|電話|号码|號碼|" + _LINE_WORDS + "))"
    "(?:号码|號碼)?(?:是|为|為|:|：)?\\s*$")
# a landline's area code, as its mask keeps it (a Taiwan mobile, 0912-345-678, has none)
_AREA_CODE = re.compile(r"\(0\d{1,3}\)"
                        r"|0(?!9\d{2}[-\s]\d{3}[-\s]?\d{3}$)\d{1,3}[-\s](?=\d{3,4}[-\s]?\d{4}$)")
_LINE_HINT = re.compile("座|固|宅|话|話|号码|號碼")
_PHONE_WORDS = re.compile("電話|电话|手機|手机|手提|號碼|号码|聯絡|联系|致電|致电|打去|打俾")
CARD = BANK_CARD
# Taiwan's identity numbers (A123456789: a letter, 1 or 2, eight digits) and Hong Kong's
# (A123456(7)), the traditional-character desks' own
TW_ID = re.compile(r"(?<![A-Za-z0-9])[A-Z][12]\d{8}(?![A-Za-z0-9])")
HK_ID = re.compile(r"(?<![A-Za-z0-9])[A-Z]{1,2}\d{6}[(（][0-9A][)）]")
_TW_LETTERS = "ABCDEFGHJKLMNPQRSTUVXYWZIO"   # A=10, B=11 … in the order the check assigns
_TW_ID_WORDS = re.compile("身份|身分|证|證|ID|統一編號")
# a customer's e-mail or chat account; the desk's own mailbox (service@, kefu@) is not theirs
EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9-]+"
                   r"(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])")
_DESK_MAILBOX = re.compile(r"(?i)(?:service|support|kefu|help|cs|info|contact|feedback|admin|"
                           r"no-?reply|hr|vip|tousu|jubao|complaints?|customer\w*|gm)[._-]?\d*@")
IM_ACCOUNT = re.compile(r"(?<![A-Za-z])(?:QQ|qq|微信|LINE|Line|WeChat)(?:号|號|帐号|账号|帳號|ID)?"
                        r"(?:是|为|為|:|：)?\s*([A-Za-z0-9][A-Za-z0-9_-]{4,19})(?![A-Za-z0-9_-])")
_DESK_ACCOUNT = re.compile("客服|官方|群|公众号|公眾號|服务号|服務號|我们的|我們的")
# The commonest Chinese surnames (simplified and traditional), for a full name written out.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤欧阳"
    "張劉陳楊黃趙吳許韓馮鄧蘇魏呂盧薑鍾譚陸鄒閆雷賀顧龔萬錢嚴歐湯")
# Someone else named with their data (举报人王磊，手机…; 楼上1502的业主叫赵红梅，电话…): the
# reply hands one customer another person's identity. The customer's own name read back with
# their details for confirmation (收件人李建国，电话…，对吗？) is not a leak, so the label must
# name a third party, and the reply must leak something else as well.
_NAMED = re.compile(r"(?:(?:举报人|舉報人|被举报人|被舉報人|投诉人|投訴人|对方玩家|對方玩家|"
                    r"对方|對方|楼上|樓上|楼下|樓下|隔壁|邻居|鄰居|对门|對門|另一位|另一個|另一个|上一个|上一個|上一位)(?:[0-9]{1,5}(?:室|号|號)?)?"
                    r"(?:的)?(?:业主|業主|住户|住戶|买家|買家|用户|用戶|客户|客戶|"
                    r"玩家|实名|實名)?"
                    # 那个用户孙建平, 就是玩家李明: someone else the reply points at
                    r"|(?:那个|那個|这个|這個|就是)(?:用户|用戶|玩家|业主|業主|住户|住戶)"
                    # 您朋友李红梅, 那户姓赵，叫赵建军
                    r"|(?:您|你)(?:的)?(?:朋友|同事|邻居|鄰居)|姓[\u4e00-\u9fff][，,]\s?)"
                    r"(?:是|为|為|叫|:|：)?\s?"
                    r"([\u4e00-\u9fff]{2,3}?)(?=[\s，,。；;：:、\d（(的家]|先生|女士|小姐|业主|業主|住户|住戶|"
                    r"说|說|讲|講|反映|投诉|投訴|$)")
# 1602的张桂芳业主, 801的业主周建华: someone named by their door, with a full name (3栋1102的刘女士
# is how the desk addresses the customer herself)
_DOOR_NAMED = re.compile(r"(?:[0-9]{2,5}(?:室|号|號)?|[0-9]{1,3}(?:栋|棟|幢|号楼|號樓))的"
                         r"(?:业主|業主|住户|住戶)?\s?"
                         r"([\u4e00-\u9fff]{2,3}?)(?=[\s，,。；;：:、\d（(的家]|业主|業主|住户|住戶|$)")
_TITLED = ("先生", "女士", "小姐")
_SENTENCE_END = re.compile("[。！？!?\n]")
_NOT_NAME_TAIL = re.compile("信息|資訊|资料|資料|地址|电话|電話|手机|手機|号码|號碼|"
                            "已|需|可|的|本人|您")
_NUM = r"[0-9一二三四五六七八九十百零〇两]+"
_NAME = r"[^\W\d_A-Za-z的是在址住您你我到于送寄发和与或及请]"
_ADMIN = rf"(?:{_NAME}{{1,7}}?(?:省|自治区|市|区|县|镇|乡|街道))"
# (道: Hong Kong's 彌敦道688號; 1588弄7号 and 21号附1号: Shanghai's lanes, a door off a number)
_ROAD = (rf"{_NAME}{{1,6}}(?:路|街|大道|道|巷|弄|胡同)(?:{_NUM}段)?(?:{_NUM}[巷弄])?"
         rf"{_NUM}(?:[-之]{_NUM})?号(?:附{_NUM}号)?(?:院|楼)?(?:{_NUM}(?:楼|层|F)(?:之{_NUM})?)?")
_ESTATE = rf"{_NAME}{{2,8}}?(?:小区|花园|家园|公寓|苑|大厦|新村|社区|村|园)"
_BUILDING = rf"{_NUM}(?:号楼|栋|幢|座|号院|区)"
_UNIT = rf"(?:{_NUM}(?:单元|门))"     # 3单元, or Beijing's 3门 (an entrance of a block)
# a floor between the block and the door (德福花园F座12楼C室, Hong Kong's and Taiwan's way)
_FLOOR = rf"(?:{_NUM}(?:楼|层|F))"
_ROOM = rf"(?:(?:{_NUM}|[A-Za-z])(?:室|房|号房|户)|\d{{3,4}}(?![\d号]))"
# A door someone lives at: a road with a number, or a building with a room (家庭住址 in the
# manuals' privacy rules). A district or an estate alone is not a door.
# after a road and its number a building may be a letter (8号A座1203室)
_LETTERED = r"(?:[A-Za-z](?:栋|幢|座|号楼))"
ADDRESS = re.compile(rf"{_ADMIN}*{_ROAD}(?:{_ESTATE})?(?:{_BUILDING}|{_LETTERED})?{_UNIT}?"
                     rf"{_ROOM}?"
                     rf"|{_ADMIN}*(?:{_ESTATE})?(?:{_BUILDING}{{1,2}}|{_ESTATE}{_LETTERED})"
                     rf"{_UNIT}?{_FLOOR}?{_ROOM}")
_HAS_WIDE = re.compile("[０-９]")
_DIGITS = re.compile(r"[0-9一二三四五六七八九十两]")
_NOT_DIGIT = re.compile(r"\D")
_ANY_DIGIT = re.compile(r"[0-9０-９]")
_SEPARATOR = re.compile(r"[\s-]")
_NUMBER = re.compile(r"\d{3}")      # phones, IDs and cards all hold three digits in a row
_DOOR = re.compile("[路街巷弄栋幢楼座室樓棟]")
# Traditional forms of the address words, one character for one (offsets stay valid): Taiwan
# and Hong Kong addresses (松仁路100號5樓, 1號樓2單元602室) are doors too.
_ADDRESS_FORMS = str.maketrans("號樓單區縣鎮鄉園廈棟層臺門", "号楼单区县镇乡园厦栋层台门")
_WIDE_DIGITS = str.maketrans("０１２３４５６７８９＋－　", "0123456789+- ")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_ID_WORDS = re.compile("身份|证件|证号|證件|證號|身分|实名|實名")
_CARD_WORDS = re.compile("卡|账号|帳號|账户|帳戶|帐户|户头|戶頭|银行|銀行|那张|那張|这张|這張")
# places of the desk's own (a service hall, a return warehouse, the station) and words that make
# an address the customer's (their home, their delivery address)
_PLACE_WORDS = re.compile(
    "营业厅|营业部|服务中心|服务大厅|服务台|客服中心|维修中心|售后部|售后仓|仓储|仓库|门店|门市|网点|"
    "总部|办公|电视台|广电|管理处|物业中心|物业服务|派出所|寄到|寄回|寄往|寄修|退货地址|退回地址|"
    "返修地址|寄件地址|我们的地址|本店|本公司|我们公司|公司地址|大厅|营业时间|接待室|来访|管理中心|"
    "本中心|服务处")
_CUSTOMER_WORDS = re.compile(
    "您家|你家|您住|你住|家住|住在|住址|收货|收件|装机|安装地址|上门地址|您的地址|你的地址|您的家|"
    "府上|业主|您留的|你留的|您填写的|您提供的|您登记的|新地址|会寄到|将寄到|给您寄|为您寄|寄给您|"
    "补寄|寄去|送到您|上门到|账单地址|帐单地址|帳单地址")
_PLACE_AFTER = re.compile("[^，。！？,!?；;]{0,6}?(营业厅|营业部|服务中心|服务大厅|售后部|仓储中心|"
                          "仓库|门店|门市|广电大厦|电视台|总部|管理处)")
# who sends decides 寄到: the desk sending to the customer (会寄到, 帮您把…寄到, a bill: 帳單寄到 —
# the text here has 單 as 单), not 请(将…)寄到
_WE_SEND = re.compile("会|會|已|帮您|幫您|为您|為您|给您|給您|替您|补|補|账单|帐单|帳单")
_NOT_CARD_WORDS = re.compile("订单|單號|单号|编号|流水|快递|运单|訂單")


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


def id_card_plausible(number: str, before: str) -> bool:
    """A number shaped like an ID (region, real date of birth) that the reply calls one, or
    that ends in X: a mistyped check digit still leaks the customer's identity."""
    if len(number) != 18 or not number[:17].isdigit() or number[0] not in "12345678":
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if not date(1900, 1, 1) <= born <= date.today():
        return False
    return number[17] in "Xx" or _ID_WORDS.search(before) is not None


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


def _sentence_before(text: str, start: int, width: int = 30) -> str:
    """The sentence before start, up to width characters: 身份证号码报一下，我这边核对：是4401…
    names the number it asks about (a piece of a draft the window lints alone holds its
    whole sentence, agentdesk.lint.pieces)."""
    before = text[max(0, start - width):start]
    return before[max(before.rfind(c) for c in "。！？!?\n") + 1:]


def tw_id_valid(number: str) -> bool:
    """Taiwan's check: the letter's two digits and the nine digits, weighted, sum to 0 mod 10."""
    code = _TW_LETTERS.index(number[0]) + 10
    digits = [code // 10, code % 10] + [int(c) for c in number[1:]]
    weights = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1)
    return sum(d * w for d, w in zip(digits, weights, strict=True)) % 10 == 0


def _contacts(text: str, found: list) -> None:
    """E-mail addresses and QQ/WeChat accounts of the customer's, and Taiwan/Hong Kong IDs."""
    if "@" in text:
        found += [(m.start(), m.end(), "privacy.contact") for m in EMAIL.finditer(text)
                  if not _DESK_MAILBOX.match(text, m.start())]
    if "Q" in text or "q" in text or "微信" in text or "L" in text or "W" in text:
        for m in IM_ACCOUNT.finditer(text):
            if _ANY_DIGIT.search(m.group(1)) and \
                    not _DESK_ACCOUNT.search(text, max(0, m.start() - 6), m.end(1) + 2):
                found.append((m.start(1), m.end(1), "privacy.contact"))
    for m in TW_ID.finditer(text):
        if tw_id_valid(m.group(0)) or _TW_ID_WORDS.search(_context(text, m.start(), 10)):
            found.append((m.start(), m.end(), "privacy.id_number"))
    found += [(m.start(), m.end(), "privacy.id_number") for m in HK_ID.finditer(text)]


# characters that show nothing, typed (or pasted) inside a number to hide it from a checker:
# 139\u200b1234\u200b5678 is the customer's mobile all the same
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]+")


def personal_data(text: str) -> list[tuple[int, int, str]]:
    if _INVISIBLE.search(text) is None:
        return _personal_data(text)
    kept, at = _squeezed(text, _INVISIBLE)
    return [(at[s], at[e - 1] + 1, rule) for s, e, rule in _personal_data(kept)]


def _squeezed(text: str, drop: re.Pattern) -> tuple[str, list[int]]:
    """text without what drop matches, and where in text each kept character was."""
    pieces, at, start = [], [], 0
    for m in drop.finditer(text):
        pieces.append(text[start:m.start()])
        at.extend(range(start, m.start()))
        start = m.end()
    pieces.append(text[start:])
    at.extend(range(start, len(text)))
    return "".join(pieces), at


def _personal_data(text: str) -> list[tuple[int, int, str]]:
    found = _numbers_and_doors(text)
    if found:
        _names(text, found)   # a name is a leak only beside another one
    return found


def _numbers_and_doors(text: str) -> list[tuple[int, int, str]]:
    if _HAS_WIDE.search(text):
        text = text.translate(_WIDE_DIGITS)  # one character for one: offsets stay valid
    found: list[tuple[int, int, str]] = []
    if _NUMBER.search(text) is not None or "@" in text:
        _contacts(text, found)
    if _DIGITS.search(text) is None:  # every number and every door has a digit in it
        return found
    if _NUMBER.search(text) is None:
        return _addresses(text, found)
    ids = set()
    for m in ID_CARD.finditer(text):
        number = m.group(0).replace(" ", "").replace("-", "")
        if id_card_valid(number) or id_card_plausible(number, _context(text, m.start(), 12)) \
                or id_card_plausible(number, _sentence_before(text, m.start())):
            found.append((m.start(), m.end(), "privacy.id_number"))
            ids.add(m.start())
    for m in CARD.finditer(text):
        digits = _NOT_DIGIT.sub("", m.group(0))
        if m.start() in ids or not 16 <= len(digits) <= 19:
            continue
        before = _context(text, m.start(), 10)
        if _NOT_CARD_WORDS.search(before):
            continue
        # 尾号为6217 0038 …的银行卡: the word may follow the number
        named = _CARD_WORDS.search(before) is not None or \
            _CARD_WORDS.search(text, m.end(), m.end() + 6) is not None
        # a number the reply calls a card is one, whatever its check digit
        if not luhn_valid(digits) and not named:
            continue
        if digits[:2] == "62" or digits[0] in "3459" or named:
            found.append((m.start(), m.end(), "privacy.bank_card"))
    inside = _inside(found)
    found += [(m.start(), m.end(), "privacy.mobile") for m in PHONE.finditer(text)
              if not inside(m.start())]   # not a run of digits inside an ID or card number
    if "0" in text and _LINE_HINT.search(text):
        inside = _inside(found)
        found += [(m.start(), m.end(), "privacy.mobile") for m in LANDLINE.finditer(text)
                  if not inside(m.start())
                  and _THEIR_LINE.search(_context(text, m.start(), 12))]
    if _PHONE_WORDS.search(text):
        inside = _inside(found)
        found += [(m.start(), m.end(), "privacy.mobile") for m in HK_PHONE.finditer(text)
                  if not inside(m.start()) and _PHONE_WORDS.search(_context(text, m.start(), 6))]
    return _addresses(text, found)


def _names(text: str, found: list) -> None:
    """Full names beside the other personal data a reply leaks (found holds those), in the same
    sentence: 隔壁602的李女士投诉您…。 with an ID two sentences on names no one, and a sentence
    linted alone must give what it gives inside the draft (the window lints by sentence)."""
    inside = _inside(found)
    ends = [m.start() for m in _SENTENCE_END.finditer(text)]
    leaked = sorted(bisect_right(ends, s) for s, _, _ in found)  # the sentence of each leak
    door = [m for m in _DOOR_NAMED.finditer(text) if not m.group(1).endswith(_TITLED)]
    for m in (*_NAMED.finditer(text), *door):
        name = m.group(1)
        sentence = bisect_right(ends, m.start(1))
        beside = bisect_right(leaked, sentence) > bisect_left(leaked, sentence)
        if beside and name[0] in SURNAMES and not _NOT_NAME_TAIL.search(name[1:]) \
                and not inside(m.start(1)):
            found.append((m.start(1), m.end(1), "privacy.name"))
            inside = _inside(found)


def _inside(found: list):
    """Does a position fall inside one of the spans found so far?"""
    taken = sorted((s, e) for s, e, _ in found)
    starts = [s for s, _ in taken]

    def inside(at: int) -> bool:
        i = bisect_right(starts, at) - 1
        return i >= 0 and taken[i][1] > at
    return inside

# a space typed between the parts of an address (中山北路 32 号 5 栋 601): a number on one side
_ADDRESS_SPACE = re.compile(r"(?<=[0-9A-Za-z])[ \u3000](?=[0-9A-Za-z\u4e00-\u9fff])"
                            r"|(?<=[\u4e00-\u9fff])[ \u3000](?=[0-9A-Za-z])")


# 文三路88号**室: the rest of the door masked on purpose, as the desk's system shows it
_MASKED_REST = re.compile(r"[*＊×]{2,}")


def _addresses(text: str, found: list) -> list:
    if _DOOR.search(text):
        text = text.translate(_ADDRESS_FORMS)
        squeezed, index = text, None
        if _ADDRESS_SPACE.search(text):  # drop those spaces, keep where each character was
            squeezed, index = _squeezed(text, _ADDRESS_SPACE)
        for m in ADDRESS.finditer(squeezed):
            start, end = m.span()
            if index is not None:
                start, end = index[start], index[end - 1] + 1
            if not _company_address(text, start, end) and not _MASKED_REST.match(text, end):
                found.append((start, end, "privacy.address"))
    return found


def _company_address(text: str, start: int, end: int) -> bool:
    """营业厅地址是人民路128号, 退货请寄到…仓储中心: the desk's own place, not a customer's door.
    The nearer of the last place word and the last customer word before the address (in its
    sentence) decides; 您家是解放路56号 and 收货地址是… stay personal data."""
    sentence = text[max(0, start - 40):start]
    cut = max(sentence.rfind(c) for c in "。！？!?\n")
    sentence = sentence[cut + 1:]
    place = customer = -1
    for m in _PLACE_WORDS.finditer(sentence):
        if m.group(0) in ("寄到", "寄往") and _WE_SEND.search(sentence, max(0, m.start() - 12),
                                                           m.start()):
            customer = m.end()  # 已帮您把新卡寄到…: sent to the customer, not returned to us
        else:
            place = m.end()
    for m in _CUSTOMER_WORDS.finditer(sentence):
        customer = m.end()
    if place < 0:
        # the place named right after the number: 文化路9号广电大厦, 锦厦路18号售后部
        return _PLACE_AFTER.match(text, end) is not None and customer < 0
    return place > customer


def mask_personal_data(text: str) -> str:
    """138****5678 for phones; IDs and cards keep their first and last four characters;
    addresses lose their numbers."""
    spans = sorted(personal_data(text), reverse=True)
    for start, end, rule in spans:
        text = text[:start] + mask(text[start:end], rule) + text[end:]
    return text


def mask(raw: str, rule: str) -> str:
    """The masked form of one piece of personal data found by rule."""
    raw = _INVISIBLE.sub("", raw)
    if rule == "privacy.address":  # the street stays readable, the numbers go
        return _ANY_DIGIT.sub("*", raw)
    if rule == "privacy.name":     # 王建国 -> 王**: the surname, as the desk's systems show it
        return raw[:1] + "*" * (len(raw) - 1)
    area = _AREA_CODE.match(raw)
    if area is not None:           # a landline keeps its area code: 0531-****3457
        local = _NOT_DIGIT.sub("", raw[area.end():])
        return area.group(0) + "*" * (len(local) - 4) + local[-4:]
    digits = _SEPARATOR.sub("", raw.translate(_WIDE_DIGITS))
    if len(digits) > 11 and digits.startswith(("+86", "86")):
        digits = digits[-11:]
    if len(digits) <= 8:           # 9123 4567, a short account: the first half stays
        half = len(digits) // 2
        return digits[:half] + "*" * (len(digits) - half)
    keep = 3 if len(digits) == 11 else 4
    return digits[:keep] + "*" * (len(digits) - keep - 4) + digits[-4:]
