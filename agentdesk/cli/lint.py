"""The `agentdesk lint` subcommand: check replies like a compiler, or audit a chat transcript."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from agentdesk.cli.common import add_format_option, print_json
from agentdesk.errors import UserError
from agentdesk.i18n import t
from agentdesk.paths import AppPaths


def register(sub: argparse._SubParsersAction) -> None:
    """Add `lint` to the command line. Heavy imports belong inside the handlers."""
    p = sub.add_parser("lint", help=t("检查回复中的服务禁语、个人信息和未填占位符",
                                      "check replies for forbidden phrases, personal data, "
                                      "placeholders"))
    p.add_argument("files", nargs="*", metavar="FILE",
                   help=t("要检查的文件；- 或不给表示标准输入", "files to check; - or none: stdin"))
    p.add_argument("--transcript", metavar="FILE",
                   help=t("质检：读取导出的聊天记录（CSV 或 JSON lines），按规则和坐席汇总",
                          "QA: read an exported chat log (CSV or JSON lines), report per rule "
                          "and agent"))
    add_format_option(p)
    p.set_defaults(func=_lint)


def _linter(paths: AppPaths):
    from agentdesk.chinese import segmenter
    from agentdesk.lint import Linter

    segmenter(paths.cache_dir).tokenizer()  # the CLI can wait a second for exact boundaries
    return Linter.from_phrasebook(list(paths.phrasebook_dirs), cache_dir=paths.cache_dir)


def _read(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    try:
        return Path(name).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError(t(f"找不到文件：{name}", f"no such file: {name}")) from None
    except IsADirectoryError:
        raise UserError(t(f"{name} 是目录，请给出文件", f"{name} is a directory")) from None
    except UnicodeDecodeError:
        raise UserError(t(f"{name} 不是 UTF-8 文本", f"{name} is not UTF-8 text")) from None
    except OSError as exc:
        raise UserError(t(f"无法读取 {name}：{exc.strerror}", f"cannot read {name}: "
                          f"{exc.strerror}")) from None


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def _lint(args, paths: AppPaths) -> int:
    if args.transcript:
        if args.files:
            raise UserError(t("--transcript 不能与 FILE 同时使用", "--transcript takes no FILE"))
        return _transcript(args, paths)
    names = args.files or ["-"]
    texts = [(name, _read(name)) for name in names]  # read all first: a bad name checks nothing
    linter = _linter(paths)
    worst = 0
    report = []
    for name, text in texts:
        findings = linter.lint(text)
        label = "<stdin>" if name == "-" else name
        for f in findings:
            line, col = _line_col(text, f.start)
            report.append({"file": label, "line": line, "column": col, **f.to_dict()})
            if f.severity.value == "error":
                worst = 1
    if args.format == "json":
        print_json(report)
    else:
        for r in report:
            hint = f"（{t('建议', 'try')}：{r['suggestions'][0]}）" if r["suggestions"] else ""
            sys.stdout.write(f"{r['file']}:{r['line']}:{r['column']}: {r['severity']} "
                             f"{r['rule']}: “{r['matched']}” — {r['message']}{hint}\n")
    return worst


def _transcript(args, paths: AppPaths) -> int:
    from agentdesk.lint.transcript import audit, read_messages

    messages = read_messages(Path(args.transcript))
    result = audit(_linter(paths), messages)
    if args.format == "json":
        print_json(result)
        return 0
    out = sys.stdout
    out.write(t(f"共 {result['messages']} 条坐席消息，{result['flagged_messages']} 条有问题\n",
                f"{result['messages']} agent messages, {result['flagged_messages']} flagged\n"))
    out.write(t("\n按规则：\n", "\nper rule:\n"))
    for rule, n in result["per_rule"].items():
        out.write(f"  {n:5d}  {rule}\n")
    out.write(t("\n按坐席：\n", "\nper agent:\n"))
    for agent, info in result["per_agent"].items():
        rules = "，".join(f"{r}×{n}" for r, n in info["rules"].items())
        out.write(f"  {agent}: {info['findings']} / {info['messages']}  {rules}\n")
    out.write(t("\n明细：\n", "\ndetails:\n"))
    for msg in result["flagged"]:
        rules = ", ".join(f["rule"] for f in msg["findings"])
        out.write(f"  {args.transcript}:{msg['line']} {msg['agent']} {msg['time']} [{rules}] "
                  f"{msg['text']}\n")
    return 0
