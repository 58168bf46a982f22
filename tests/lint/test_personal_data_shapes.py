"""Personal data in the shapes the traditional-character desks and chat replies write it, and
what is not personal data beside it (the desk's own numbers, the customer's own name)."""

from __future__ import annotations

import pytest

from agentdesk.lint import placeholders, privacy


def _rules(text: str) -> dict[str, str]:
    return {text[s:e]: rule for s, e, rule in privacy.personal_data(text)}


@pytest.mark.parametrize(("text", "leaked", "rule"), [
    ("陳大文先生您好，您的身分證字號A123456789已核對完成。", "A123456789", "privacy.id_number"),
    ("香港身份證號碼A123456(7)已登記", "A123456(7)", "privacy.id_number"),
    ("支付宝账号zhangwei_1990@163.com，金额648元", "zhangwei_1990@163.com", "privacy.contact"),
    ("举报人王磊的QQ号是283746591", "283746591", "privacy.contact"),
    ("已帮您核实，您家座机是0531-86123456", "0531-86123456", "privacy.mobile"),
    ("給您登記的回訪號碼是您家座機02-27123456", "02-27123456", "privacy.mobile"),
    ("住戶地址：九龍灣德福花園F座12樓C室。", "九龍灣德福花園F座12樓C室", "privacy.address"),
    ("楼上1502的业主叫赵红梅，电话13688231047", "赵红梅", "privacy.name"),
    # someone else named by their door, pointed at, or as the customer's friend (d39-d42)
    ("3栋2单元1602的刘秀英业主投诉您家噪音，电话13705718826", "刘秀英", "privacy.name"),
    ("是5单元902的业主吴志刚家在漏水，电话13566667777", "吴志刚", "privacy.name"),
    ("那个用户郑国华的手机是15888889999，您联系他吧", "郑国华", "privacy.name"),
    ("盗号的就是玩家黄晓明，他的手机号13711112222", "黄晓明", "privacy.name"),
    ("您楼上那户姓钱，叫钱立新，电话13588997766", "钱立新", "privacy.name"),
    # a number the reply calls a card is one, check digit or not
    ("退款已经打到你那张6222021203004567890了", "6222021203004567890", "privacy.bank_card"),
    ("您的手機0912345678已登記", "0912345678", "privacy.mobile"),
    ("拿走您快递的是5栋的张伟，电话18867452301", "张伟", "privacy.name"),   # d62
])
def test_a_leak_is_found(text, leaked, rule):
    assert _rules(text).get(leaked) == rule


@pytest.mark.parametrize(("raw", "rule", "masked"), [
    ("王建国", "privacy.name", "王**"),          # it was offered as 王建国王建国
    ("王磊", "privacy.name", "王*"),
    ("9123 4567", "privacy.mobile", "9123****"),
    ("283746591", "privacy.contact", "2837*6591"),
    ("13688231047", "privacy.mobile", "136****1047"),
])
def test_the_offered_mask_hides_what_it_masks(raw, rule, masked):
    assert privacy.mask(raw, rule) == masked


def test_every_leak_found_is_offered_masked():
    for text in ("楼上1502的业主叫赵红梅，电话13688231047", "举报人王磊，手机13688231047",
                 "香港身份證號碼A123456(7)已登記", "客户电话 9123 4567 已登记",
                 "支付宝账号zhangwei_1990@163.com，金额648元"):
        for start, end, rule in privacy.personal_data(text):
            offered = privacy.mask(text[start:end], rule)
            assert "*" in offered and text[start:end] not in offered, (text, offered)


@pytest.mark.parametrize("text", [
    "请发邮件至service@example.com，我们两个工作日内回复",
    "客服QQ：800012345",
    "官方QQ群123456789欢迎加入",
    "服务热线010-12345678",
    "請撥打管理處電話02-27001234",
    "訂單編號B987654321已出貨",     # a letter and nine digits that fail Taiwan's check
    # a courier's tracking code: digits glued to letters are not a phone (gl)
    "順豐單號係SF0987654321，你可以喺官網查到進度",
    "京东单号JD13812345678已经揽收",
])
def test_the_desks_own_numbers_are_not_leaks(text):
    assert privacy.personal_data(text) == []


def test_a_name_is_a_leak_only_beside_data_in_its_own_sentence():
    # found by the property test that lints sentence by sentence as the window does
    text = "投诉您的是隔壁602的李女士，她说您家孩子天天跑跳。我们会去沟通。11010519491231002X"
    assert _rules(text) == {"11010519491231002X": "privacy.id_number"}
    assert _rules("隔壁602的李女士，电话13688231047")["李女士"] == "privacy.name"


def test_a_masked_ip_address_is_not_a_placeholder():
    assert placeholders.placeholders("最近登录IP为183.14.xxx.xxx，如有疑问请联系我们") == []
    assert placeholders.placeholders("您的IP为XX，请核对") != []


def test_the_customer_addressed_by_their_door_is_not_a_leak():
    assert "privacy.name" not in _rules("3栋2单元1102的刘女士，您的快递已放在前台。").values()


def test_the_customers_own_name_read_back_is_not_a_leak_but_the_phone_is():
    text = "收件人陈晓燕，电话13761829044，地址没问题吧？"
    assert _rules(text) == {"13761829044": "privacy.mobile"}


def test_taiwan_check_digit():
    assert privacy.tw_id_valid("A123456789")
    assert not privacy.tw_id_valid("A123456788")


@pytest.mark.parametrize(("text", "slot"), [
    ("業主您好，戶號〇〇〇〇，應繳金額請於期限內繳納。", "〇〇〇〇"),
    ("亲，退货收件人【仓库联系人】。", "【仓库联系人】"),
    ("我们将在[具体时间，如24小时内]为您处理。", "[具体时间，如24小时内]"),
    ("您好，订单号……的退款已处理，请注意查收。", "……"),
])
def test_a_slot_left_unfilled_is_found(text, slot):
    assert slot in [text[s:e] for s, e, _ in placeholders.placeholders(text)]


@pytest.mark.parametrize("text", [
    "您的号码是二〇〇八年开通的，二〇二〇年改过套餐。",   # 〇 as the digit zero
    "（工单号 20261201）已提交",                        # the slot was filled
    "[如有疑问请拨服务电话12345]",                     # a note in brackets, not a slot
    "我帮您看一下信号……好了，已经恢复。",              # a pause, not a slot
])
def test_what_only_looks_like_a_slot_is_not_one(text):
    assert placeholders.placeholders(text) == []


def test_an_address_whose_door_is_masked_is_not_a_leak():
    # d12: the desk's system shows the room masked; the number before it is the road's
    assert _rules("地址信息已为您修改为杭州市西湖区文三路88号**室，电话尾号4321") == {}
    assert _rules("地址信息已为您修改为杭州市西湖区文三路88号3栋1201室")


def test_an_id_read_back_under_the_real_name_label_is_a_leak(linter):
    """实名人张浩 440301199807152316: the check digit is wrong, the date is real, and 实名 says
    whose identity the number is."""
    text = "账号已找回，实名人张浩 440301199807152316，请确认。"
    assert any(f.rule == "privacy.id_number" and f.matched == "440301199807152316"
               for f in linter.lint(text))


# -- shapes met in the 2026-12-04 morning round ------------------------------------------------

ZW = "\u200b"


@pytest.mark.parametrize(("text", "leaked", "rule", "masked"), [
    # a zero-width space typed inside the number hides nothing from the customer
    (f"您的手机号是139{ZW}1234{ZW}5678吗？", f"139{ZW}1234{ZW}5678", "privacy.mobile",
     "139****5678"),
    (f"身份证号1101051949{ZW}1231002X，请核对", f"1101051949{ZW}1231002X",
     "privacy.id_number", "1101**********002X"),
    (f"地址是文三路1{ZW}88号3{ZW}栋502室", f"文三路1{ZW}88号3{ZW}栋502室", "privacy.address",
     "文三路***号*栋***室"),
    # an ID typed in fours, as a card is
    ("玩家李晓峰，身份证号 4403 0519 9203 1547 16，实名已通过。", "4403 0519 9203 1547 16",
     "privacy.id_number", "4403**********4716"),
    # the sentence asked for the ID before the number was read back
    ("您先把身份证号码报一下，我这边核对：是440106199003152231对吧？", "440106199003152231",
     "privacy.id_number", "4401**********2231"),
    # a landline the reply says is the customer's (or a neighbour's) keeps its area code
    ("您好，您的宽带账号绑定的固话是021-88886666。", "021-88886666", "privacy.mobile",
     "021-****6666"),
    ("给您登记的回访号码是0531-86123457，请保持畅通。", "0531-86123457", "privacy.mobile",
     "0531-****3457"),
    ("户主周桂兰，联系电话0731-84562217，已登记。", "0731-84562217", "privacy.mobile",
     "0731-****2217"),
    ("用戶黃淑芬，電話03-5712345，已派工。", "03-5712345", "privacy.mobile", "03-***2345"),
    ("车是楼下的，我给您他们家电话0571-86753219", "0571-86753219", "privacy.mobile",
     "0571-****3219"),
    ("您家座机(010)6543-2100已登记", "(010)6543-2100", "privacy.mobile", "(010)****2100"),
    # the bill goes to the customer's door
    ("您的帳單寄到高雄市前鎮區中山二路2號8樓之1，請查收。", "高雄市前鎮區中山二路2號8樓之1",
     "privacy.address", "高雄市前鎮區中山二路*號*樓之*"),
    ("帳單地址台北市大安區復興南路一段200號5樓。", "台北市大安區復興南路一段200號5樓",
     "privacy.address", "台北市大安區復興南路一段***號*樓"),
])
def test_a_leak_in_another_shape_is_found_and_offered_masked(text, leaked, rule, masked):
    assert _rules(text).get(leaked) == rule
    assert privacy.mask(leaked, rule) == masked
    assert ZW not in privacy.mask(leaked, rule)


@pytest.mark.parametrize("text", [
    "这是专业维修单位的电话0531-8276-3300，需要的话我也可以帮您联系预约。",
    "物业服务中心服务电话0531-8899-6600，工作时间8:30-17:30。",
    "您也可以拨打他们的售后电话0571-88776655咨询。",
    "如有问题可联系物业联系人王经理，电话0571-88776655",
    "退货请寄到杭州市余杭区文一西路998号仓储中心",
    "单号 1234 5678 9012 3456 7890 12 已揽收",
])
def test_the_desks_own_lines_and_places_stay_unflagged(text):
    assert privacy.personal_data(text) == []


def test_a_card_in_groups_is_not_read_as_an_id():
    assert _rules("卡号6217 0012 3456 7890 123") == {"6217 0012 3456 7890 123": "privacy.bank_card"}
