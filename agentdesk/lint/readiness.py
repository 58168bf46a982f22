"""Whether a reply is ready to copy or paste: one decision for the desk, picker and CLI."""

from __future__ import annotations

from collections.abc import Sequence

from agentdesk.i18n import tr
from agentdesk.lint.model import Finding, Severity


def copy_blockers(findings: Sequence[Finding] | None, text: str) -> list[str]:
    """Why `text` may not be copied as it is (empty: ready). `findings` None means the linter
    has not answered yet: unchecked text is never ready. Error-level findings block, which
    includes every unfilled placeholder (the built-in `placeholder.unfilled` rule is an error);
    warnings and notes do not."""
    if not text.strip():
        return [tr('回复是空的')]
    if findings is None:
        return [tr('检查规则还在加载，请稍候')]
    return [tr('“{matched}”：{message}', matched=f.matched, message=f.message)
            for f in findings if f.severity is Severity.ERROR]


def override_detail(findings: Sequence[Finding], text: str) -> str:
    """What the audit trail keeps when an agent copies or pastes despite errors."""
    rules = ", ".join(sorted({f.rule for f in findings if f.severity is Severity.ERROR}))
    return f"{rules}: {text[:200]}"
