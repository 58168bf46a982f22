"""Unfilled template placeholders: XX and ＸＸ, ***, 某某, slots in brackets (【客户姓名】,
<公司名>, {name}), template variables ($TIME$, %s), empty brackets and "……" left where text
should be; not chat emoji codes, headers, masked numbers or names masked on purpose.

Runs on the original text and returns (start, end, rule id) spans.
"""

from __future__ import annotations

import re

from agentdesk.lint.normalize import normalise
from agentdesk.lint.privacy import SURNAMES

# Brackets that hold a slot to fill. [..] and 【..】 also hold chat emoji ([微笑]) and headers
# (【温馨提示】), so those count only when they name a slot; {..}, <..> always do.
BRACKET = re.compile(r"[\[［〔]([^\[\]［］〔〕\n]{1,20})[\]］〕]|【([^【】\n]{1,20})】"
                     r"|（([^（）\n]{1,12})）|[{｛]([^{}｛｝\n]{1,20})[}｝]|[<＜〈]([^<>＜＞〈〉\n!/]{1,20})[>＞〉]")
SLOT = re.compile(r"名|号|称|ID|id|时间|日期|金额|地址|电话|手机|原因|数量|价格|型号|姓|"
                  r"[XxＸｘ×*＊]|[A-Z]$|某|链接|密码|码|地点|问题|功能|方案|情况|位置|网址|方式|内容|信息|天数|期限|单位|部门|工号|编码|账户|项目|结果|进度|费用|"
                  r"产品|服务|城市|地区|区服|地市|小区|楼|门店|网点|填写|待定|输入|客户|到期|截止|生效日|公司|商品|店铺|时限|"
                  r"(?:出货|发货|到货|送达|缴费|还款|取件)日$|"
                  r"人$")   # 【仓库联系人】, 【负责人】
XX = re.compile(r"(?<![A-Za-zＡ-Ｚａ-ｚ])(?:[XxＸｘ×]{2,}|[YyＹｙ]{3,}|○○+|_{2,}|＿{2,}"
               # X X X X (尾号为X X X X) and a version left as X.X
               r"|[XxＸｘ](?:[ \u3000][XxＸｘ]){2,}|[XxＸｘ][.．][XxＸｘ]"
                # 〇〇〇會員, but not the zero of 二〇〇八年
                r"|(?<![一二三四五六七八九十零〇两])〇〇+(?![一二三四五六七八九十零])"
                r"|[XxＸｘ×＿○](?=[月日号年点时元栋幢室號時點棟个個天周]|单元|單元|分钟|分鐘|小时|小時|工作日)"
                # a lone star where a date or a time limit goes: 将于*月*日, 在*小时内回复
                r"|(?<![0-9０-９*＊])[*＊](?=[月日天]|小时|小時|分钟|分鐘|个工作日|個工作日|工作日)"
                # a name left as X: 小X为您服务, X先生您好
                r"|(?<=[小老])[XxＸｘ](?=[，,。！!为為很在给給：:\s]|$)"
                r"|[XxＸｘ](?=先生|女士|小姐|经理|經理|师傅|師傅|老师|老師|同学|同學))"
                r"(?![A-Za-zＡ-Ｚａ-ｚ])")
_ROLES_BEFORE_STAR = ("客服", "工程师", "师傅", "专员", "代表", "经理", "主管", "先生", "女士",
                      "员")
# template-engine variables left in: $TIME$, ${name}, #NAME#, %s
TEMPLATE_VAR = re.compile(r"\$[A-Za-z_][A-Za-z0-9_]*\$|\$\{[^{}\n]{1,20}\}|#[A-Za-z_][A-Za-z0-9_]*#"
                          r"|(?<![A-Za-z0-9%])%[sd](?![A-Za-z0-9])")
# what follows the name of a page, section or button of the desk's own app or forum
_UI_AFTER = re.compile("页面|頁面|版块|版塊|板块|板塊|入口|按钮|按鈕|栏目|欄目|菜单|菜單|专区|專區|"
                       "模块|模塊|窗口|一栏|一欄|选项|選項|标签|標籤|功能|里|裡")
# what stands before the name of a page or button: 通过官网【账号找回】提交, 点击【确认收货】
_UI_BEFORE = re.compile("(?:官网|官網|官方网站|官方網站|APP|App|app|小程序|公众号|公眾號|首页|首頁|"
                        "菜单|菜單|点击|點擊|进入|進入|打开|打開)的?$")
# an acronym glossed in brackets: 电子节目指南（EPG）, 光猫（ONU）; not X, XX or ID
_GLOSS = re.compile("(?![XxＸｘ]+$)(?!(?i:id)$)[A-Za-z]{2,8}")
_OMITTED = frozenset(("略", "内容略", "此处略", "下略", "以下略", "正文略", "详略"))
_WITHHELD = re.compile("隐藏|隱藏|隐去|隱去|省略|略去|已略|打码|打碼")
_HEADER_END = re.compile("(通知|说明|說明|公告|提示|提醒|须知|須知|告知|预告|預告|公示|"
                         "安全|风险|警示|预警|防骗)$")   # 【账号安全】: a header, not a slot
STAR_OR_MOU = re.compile(r"[*＊]+|某某")
# a surname kept and the given name starred: after a label (收件人王**) or before a title (张*先生)
_MASKED_NAME = re.compile(r"(?:(?:收件人|收货人|寄件人|联系人|姓名|户主|户名|业主|机主|持卡人|实名)"
                          r"(?:信息)?(?:已改为|改为|已更新为|更新为|显示为|登记为|写的是|为|是)?"
                          r"|显示为|登记为|[:：])\s*[\u4e00-\u9fff]$")
_TITLES = ("先生", "女士", "小姐", "老师", "同学")
# the last character of an address part (省 市 区 … 路 楼 室): stars after one mask the rest
_ADDRESS_UNITS = "省市区县镇乡道路街巷弄栋幢座室楼村"   # not 号: 工号***为您服务 is a slot
# "……" where a suggestion left a blank: after a word that needs an object, or before 前/内.
# Every branch of XX starts with one of these: a text without any is not scanned with XX
# (its alternation, lookbehinds first, cost 0.25 s on a megabyte that held no X at all).
XX_FIRST = re.compile("[XxＸｘ×YyＹｙ○_＿〇*＊]")
ELLIPSIS = re.compile(r"(?:(?<=为您|给您|帮您|请您|烦您|需要|但是|如下)"
                      r"|(?<=[是在于由计到：:为将的因至於])|(?<=单号|编号|账号|户号|工号|單號|編號|帳號|戶號))"
                      r"(?:……|…|\.{3,})|(?:……|…|\.{3,})(?=前|内|之前|以内|为止|处理|左右|元|块|天|个|"
                      r"小时|分钟|号|日|月|年|%|期间|期間|进行|進行)")
# an empty pair of brackets is a slot nobody filled (【】会在24小时内给您答复)
EMPTY_BRACKET = re.compile(r"\[\]|［］|【】|〔〕|\{\}|｛｝|（）")
# 183.14.xxx.xxx: the digits of an address masked on purpose, after a number and its dot
_MASKED_OCTET = re.compile(r"[0-9xX]\.$")
_FILLED = re.compile("[0-9０-９]")
# 服务器：青龙区, 区服:华东一区: a value after the label, not a slot left open
_LABELLED = re.compile(r"[^：:]{1,8}[：:]\s*[^\sXxＸｘ*＊_＿…?？][^：:]*$")
_INSTRUCTION = re.compile("^具[体體]|[，,]如|例如|比如")   # [具体时间，如24小时内]
_CHAT_TOKENS = {"图片", "表情", "语音", "视频", "文件", "链接", "动画表情", "位置", "红包"}


def placeholders(text: str) -> list[tuple[int, int, str]]:
    found = []
    for m in BRACKET.finditer(text):
        square, lenticular, paren, curly, angle = m.groups()
        inner = (square or lenticular or paren or curly or angle or "").strip()
        if not inner or inner.isdigit() or inner in _CHAT_TOKENS:
            continue
        if paren and inner in _OMITTED:
            found.append((m.start(), m.end(), "placeholder.unfilled"))
            continue  # 回复内容（略）: the template's stand-in for the text still to write
        if (square or lenticular or paren) and not SLOT.search(inner) \
                and not SLOT.search(normalise(inner)[0]):  # 【暱稱】, 【訂單號】: slots too
            continue  # [微笑], 【温馨提示】: an emoji code or a header, not a slot
        if lenticular and _HEADER_END.search(inner):
            continue  # 【售后进度通知】, 【退款說明】: a header that names its subject
        if (square or lenticular) and (_UI_AFTER.match(text, m.end()) or
                                       _UI_BEFORE.search(text, max(0, m.start() - 5), m.start())):
            continue  # 在【账号申诉】页面提交, 通过官网【账号找回】提交: a page or a button, named
        if paren and _GLOSS.fullmatch(inner) and m.start() and \
                "\u4e00" <= text[m.start() - 1] <= "\u9fff":
            continue  # 电子节目指南（EPG）: the acronym of the words before it
        if paren and _WITHHELD.search(inner):
            continue  # （详细地址已隐藏）: left out on purpose, not a slot to fill
        if paren and _LABELLED.match(inner):
            continue  # （服务器：青龙区）: a label and its value, filled in
        if (square or lenticular or paren) and _FILLED.search(inner) \
                and not _INSTRUCTION.search(inner):
            # （工单号 20261201）: the number is there, the slot was filled; but
            # [具体时间，如24小时内] still tells the agent what to write
            continue
        if angle is not None and not re.search(r"[\u4e00-\u9fffXxＸｘ]", inner):
            continue  # <br>, <b>: markup, not a slot
        found.append((m.start(), m.end(), "placeholder.unfilled"))
    if XX_FIRST.search(text):
        found += [(m.start(), m.end(), "placeholder.unfilled") for m in XX.finditer(text)
                  if not _MASKED_OCTET.search(text, max(0, m.start() - 2), m.start())]
    found += [(m.start(), m.end(), "placeholder.unfilled") for m in EMPTY_BRACKET.finditer(text)]
    if "$" in text or "#" in text or "%" in text:
        found += [(m.start(), m.end(), "placeholder.unfilled") for m in TEMPLATE_VAR.finditer(text)]
    if "…" in text or "..." in text:
        found += [(m.start(), m.end(), "placeholder.unfilled") for m in ELLIPSIS.finditer(text)]
    if "*" in text or "＊" in text or "某某" in text:
        found += [(m.start(), m.end(), "placeholder.unfilled")
                  for m in STAR_OR_MOU.finditer(text) if _names_someone(text, m)]
    return found


def _names_someone(text: str, m: re.Match[str]) -> bool:
    """客服* and 工程师*上门 leave a name out; 不*知*道 and 138****5678 do not."""
    if m.group(0) == "某某":
        return True
    before = text[m.start() - 1] if m.start() else ""
    after = text[m.end()] if m.end() < len(text) else ""
    if len(m.group(0)) <= 3 and "\u4e00" <= before <= "\u9fff" and (
            (text.startswith(_TITLES, m.end()) and before in SURNAMES)
            or _MASKED_NAME.search(text, max(0, m.start() - 9), m.start()) is not None):
        return False  # 收件人王**, 张*先生: a name masked on purpose
    if len(m.group(0)) > 1:
        if before and before in _ADDRESS_UNITS:
            return False  # 南京市鼓楼区****: the rest of an address masked on purpose
        # 138****5678 and 尾号****0128 mask digits; 客服***为您服务 leaves a name out
        # (6222 **** **** 0123: the digits beside the stars may be a space away)
        before = text[max(0, m.start() - 4):m.start()].rstrip(" -")[-1:]
        after = text[m.end():m.end() + 4].lstrip(" -")[:1]
        masking = (before.isascii() and before.isalnum()) or (after.isascii() and after.isalnum())
        return not masking and after not in "号栋幢座单室楼"  # 建国路**号: a masked address
    if text.endswith(_ROLES_BEFORE_STAR, 0, m.start()):
        return True
    return "\u4e00" <= before <= "\u9fff" and not ("\u4e00" <= after <= "\u9fff"
                                                   or after.isdigit())
