"""Personal data in the shapes the traditional-character desks and chat replies write it, and
what is not personal data beside it (the desk's own numbers, the customer's own name)."""

from __future__ import annotations

import pytest

from agentdesk.lint import detectors


def _rules(text: str) -> dict[str, str]:
    return {text[s:e]: rule for s, e, rule in detectors.personal_data(text)}


@pytest.mark.parametrize(("text", "leaked", "rule"), [
    ("陳大文先生您好，您的身分證字號A123456789已核對完成。", "A123456789", "privacy.id_number"),
    ("香港身份證號碼A123456(7)已登記", "A123456(7)", "privacy.id_number"),
    ("支付宝账号zhangwei_1990@163.com，金额648元", "zhangwei_1990@163.com", "privacy.contact"),
    ("举报人王磊的QQ号是283746591", "283746591", "privacy.contact"),
    ("已帮您核实，您家座机是0531-86123456", "0531-86123456", "privacy.mobile"),
    ("給您登記的回訪號碼是您家座機02-27123456", "02-27123456", "privacy.mobile"),
    ("住戶地址：九龍灣德福花園F座12樓C室。", "九龍灣德福花園F座12樓C室", "privacy.address"),
    ("楼上1502的业主叫赵红梅，电话13688231047", "赵红梅", "privacy.name"),
])
def test_a_leak_is_found(text, leaked, rule):
    assert _rules(text).get(leaked) == rule


@pytest.mark.parametrize("text", [
    "请发邮件至service@example.com，我们两个工作日内回复",
    "客服QQ：800012345",
    "官方QQ群123456789欢迎加入",
    "服务热线010-12345678",
    "請撥打管理處電話02-27001234",
    "訂單編號B987654321已出貨",     # a letter and nine digits that fail Taiwan's check
])
def test_the_desks_own_numbers_are_not_leaks(text):
    assert detectors.personal_data(text) == []


def test_the_customers_own_name_read_back_is_not_a_leak_but_the_phone_is():
    text = "收件人陈晓燕，电话13761829044，地址没问题吧？"
    assert _rules(text) == {"13761829044": "privacy.mobile"}


def test_taiwan_check_digit():
    assert detectors.tw_id_valid("A123456789")
    assert not detectors.tw_id_valid("A123456788")
