"""Reading phrasebook TOML files into templates, with precise problems for broken ones.

A file holds templates of one scene:

    category = "投诉/情绪安抚"          # default for the file's templates
    channel = ["电话", "在线"]

    [[templates]]
    id = "complaint.soothe.sorry"
    title = "致歉安抚"
    text = "{客户称呼}，非常抱歉给您带来不便……"
    aliases = ["生气", "不满意"]
    placeholders = { "客户称呼" = { default = "您", choices = ["先生", "女士"] } }  # quoted keys

A syntax error skips the file and names its line; a semantic error skips that template and
names its id. Everything else still loads.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from agentdesk.i18n import tr
from agentdesk.phrasebook.model import LoadProblem, Placeholder, Template
from agentdesk.phrasebook.placeholders import infer_placeholders, malformed

_ID_RE = re.compile(r"^[\w.\-/]+$")
_TEMPLATE_KEYS = {"id", "category", "title", "text", "stage", "channel", "tags", "aliases",
                  "placeholders"}
_LIST_KEYS = ("channel", "tags", "aliases")


def parse_toml(path: Path) -> tuple[dict[str, Any] | None, LoadProblem | None]:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, LoadProblem(path, tr('无法读取文件：{exc}', exc=exc))
    try:
        import rtoml

        return rtoml.loads(raw), None
    except ValueError as exc:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else tr('TOML 语法错误')
        m = re.search(r"line (\d+)", str(exc))
        return None, LoadProblem(path, tr('TOML 语法错误：{message}', message=message),
                                 line=int(m.group(1)) if m else None)


def _as_list(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v.strip() for v in value if v.strip())
    return None


def _declared(spec: Any, text_phs: list[Placeholder]) -> tuple[list[Placeholder], str | None]:
    """Inferred placeholders, with defaults and choices overridden by the declared table."""
    by_name = {p.name: p for p in text_phs}
    if spec is None:
        return text_phs, None
    if not isinstance(spec, dict):
        return text_phs, tr('placeholders 应为表（名称 = {{ default = …, choices = […] }}）')
    for name, decl in spec.items():
        if name not in by_name:
            return text_phs, tr('声明的占位符 {{{name}}} 没有出现在 text 中', name=name)
        if not isinstance(decl, dict):
            return text_phs, tr('占位符 {name} 的声明应为表', name=name)
        choices = _as_list(decl.get("choices"))
        default = decl.get("default")
        if choices is None or (default is not None and not isinstance(default, str)):
            return text_phs, tr('占位符 {name} 的 default/choices 格式不对', name=name)
        by_name[name] = Placeholder(name, default if default is not None else
                                    by_name[name].default, choices or by_name[name].choices)
    return [by_name[p.name] for p in text_phs], None


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _template(item: Any, defaults: dict[str, Any], path: Path, layer: str,
              index: int) -> tuple[Template | None, LoadProblem | None]:
    if not isinstance(item, dict):
        return None, LoadProblem(path, tr('第 {n} 个 [[templates]] 不是表', n=index + 1))
    tid = item.get("id")
    label = tid if isinstance(tid, str) and tid else f"#{index + 1}"

    def problem(msg: str) -> tuple[None, LoadProblem]:
        return None, LoadProblem(path, msg, template_id=label)

    if not isinstance(tid, str) or not tid.strip():
        return problem(tr('缺少 id'))
    if not _ID_RE.match(tid):
        return problem(tr('id 只能包含字母、数字、汉字和 . _ - /'))
    unknown = set(item) - _TEMPLATE_KEYS
    if unknown:
        return problem(tr('未知字段：{names}', names=', '.join(sorted(unknown))))
    merged = {**defaults, **item}
    for key in ("title", "text", "category"):
        value = merged.get(key)
        if not isinstance(value, str) or not value.strip():
            return problem(tr('缺少 {key}', key=key) if value is None
                           else tr('{key} 必须是非空文本', key=key))
    text = merged["text"].strip()
    shown = (tid, merged["title"], text, merged["category"])
    if any(_CONTROL.search(v) for v in shown):
        # ESC, CR, bidi overrides: a template would drive the terminal or reorder the reply
        return problem(tr("含有控制字符（如 ESC、回车或双向控制符），已跳过"))
    why = malformed(text)
    if why:
        return problem(tr('占位符格式错误：{why}', why=why))
    lists = {key: _as_list(merged.get(key)) for key in _LIST_KEYS}
    bad = [key for key, value in lists.items() if value is None]
    if bad:
        return problem(tr('{key} 应为文本或文本列表', key=bad[0]))
    placeholders, why = _declared(item.get("placeholders"), infer_placeholders(text))
    if why:
        return problem(why)
    stage = merged.get("stage", "")
    if not isinstance(stage, str):
        return problem(tr('stage 必须是文本'))
    category = "/".join(part.strip() for part in merged["category"].split("/") if part.strip())
    return Template(id=tid.strip(), category=category, title=merged["title"].strip(), text=text,
                    placeholders=tuple(placeholders), stage=stage.strip(),
                    channel=lists["channel"], tags=lists["tags"], aliases=lists["aliases"],
                    source=path, layer=layer), None


def load_file(path: Path, layer: str) -> tuple[list[Template], list[LoadProblem]]:
    """Templates of one file and its problems; a syntax error yields no templates."""
    data, problem = parse_toml(path)
    if problem:
        return [], [problem]
    assert data is not None
    items = data.get("templates", [])
    if not isinstance(items, list):
        return [], [LoadProblem(path, tr('templates 应写成 [[templates]] 表数组'))]
    defaults = {k: v for k, v in data.items() if k in ("category", "stage", "channel", "tags")}
    unknown = set(data) - {"templates", *defaults}
    problems = [LoadProblem(path, tr('未知的文件级字段：{names}',
                                           names=', '.join(sorted(unknown))))] \
        if unknown else []
    templates: list[Template] = []
    for index, item in enumerate(items):
        tpl, prob = _template(item, defaults, path, layer, index)
        if prob:
            problems.append(prob)
        elif tpl:
            templates.append(tpl)
    return templates, problems
