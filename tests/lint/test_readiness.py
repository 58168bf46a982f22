"""copy_blockers: the one rule for 'ready to copy or paste', over the real linter."""

from __future__ import annotations

import pytest

from agentdesk.lint import Linter
from agentdesk.lint.readiness import copy_blockers, override_detail


@pytest.fixture(scope="module")
def linter():
    return Linter.from_phrasebook()


def test_a_clean_reply_is_ready(linter):
    text = "您好，已为您登记，24小时内回复。"
    assert copy_blockers(linter.lint(text), text) == []


def test_notes_and_warnings_do_not_block(linter):
    text = "我们会尽快处理。"          # a vague promise: info level
    findings = linter.lint(text)
    assert findings and copy_blockers(findings, text) == []


@pytest.mark.parametrize("text", ["{客户称呼}您好", "这个我不知道", "您的号码是13812345678",
                                  "這個我不知道"])
def test_errors_and_unfilled_placeholders_block_with_a_reason(linter, text):
    reasons = copy_blockers(linter.lint(text), text)
    assert reasons and all("：" in r for r in reasons)


def test_empty_or_unchecked_text_is_never_ready(linter):
    assert copy_blockers([], "  \n")
    assert copy_blockers(None, "您好")          # the linter has not answered yet


def test_override_detail_names_the_rules_and_the_text(linter):
    text = "{客户称呼}您好，这个我不知道"
    detail = override_detail(linter.lint(text), text)
    assert detail == f"negative.dont_know, placeholder.unfilled: {text}"
