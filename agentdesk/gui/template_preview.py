"""The template preview as HTML: placeholders drawn as fields showing their default and choices."""

from __future__ import annotations

from html import escape

from agentdesk.i18n import tr

_FIELD = ("<span style='background:#e8f0fe; color:#174ea6; border:1px solid #a8c7fa;'>"
          "&nbsp;{body}&nbsp;</span>")


def _field(placeholder) -> str:
    body = f"<b>{escape(placeholder.name)}</b>"
    if placeholder.default:
        body += f"：{escape(placeholder.default)} ▾"
    others = [c for c in placeholder.choices if c != placeholder.default]
    if others:
        body += f" <small>（{tr('可选')}：{escape(' / '.join(others))}）</small>"
    return _FIELD.format(body=body)


def text_html(tpl) -> str:
    """The template's text with every `{…}` slot drawn as a field."""
    from agentdesk.phrasebook import find_placeholders

    text, parts, at = tpl.text, [], 0
    for start, end, placeholder in find_placeholders(text):
        parts.append(escape(text[at:start]))
        parts.append(_field(tpl.placeholder(placeholder.name) or placeholder))
        at = end
    parts.append(escape(text[at:]))
    return "".join(parts).replace("\n", "<br>")


def preview_html(tpl) -> str:
    """The template's text with its fields, then its placeholders and where it comes from."""
    body = text_html(tpl)
    names = "、".join(escape(p.name) for p in tpl.placeholders) or tr('无')
    return (f"<p><b>{escape(tpl.title)}</b> <span style='color:#5f6368'>"
            f"（{escape(tpl.category)}）</span></p><p>{body}</p>"
            f"<p style='color:#5f6368'>{tr('占位符')}：{names}<br>"
            f"{tr('来源')}：{escape(tpl.layer)} · {escape(tpl.source.name)}</p>")
