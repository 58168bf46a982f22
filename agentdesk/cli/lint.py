"""The `agentdesk lint` subcommand: check replies like a compiler, or audit a chat transcript."""

from __future__ import annotations

import argparse
import sys
from bisect import bisect_right
from pathlib import Path

from agentdesk.cli.common import add_format_option, print_json
from agentdesk.data_i18n import data_tr
from agentdesk.errors import UserError
from agentdesk.i18n import tr
from agentdesk.paths import AppPaths


def register(sub: argparse._SubParsersAction) -> None:
    """Add `lint` to the command line. Heavy imports belong inside the handlers."""
    p = sub.add_parser("lint", help=tr('检查回复中的服务禁语、个人信息和未填占位符'),
                       epilog=tr('重新训练语气检查模型：agentdesk lint train DATA（见 --help）'))
    p.add_argument("files", nargs="*", metavar="FILE",
                   help=tr('要检查的文件；- 或不给表示标准输入'))
    p.add_argument("--transcript", metavar="FILE",
                   help=tr('质检：读取导出的聊天记录（CSV 或 JSON lines），按规则和坐席汇总'))
    p.add_argument("--encoding", metavar="ENC",
                   help=tr('输入的编码（默认：按 BOM 判断 UTF-8/UTF-16，否则 UTF-8），如 gbk'))
    add_format_option(p)
    p.set_defaults(func=_lint)
    # `agentdesk lint train DATA` (lint's own FILE arguments leave no room for a sub-command):
    # main() routes "lint train" here; the name never shows in the list of commands.
    from agentdesk.cli.lint_train import add_train_arguments, run_train

    t = sub.add_parser("lint-train", prog="agentdesk lint train",
                       description=tr('用标注的句子重新训练语气检查模型'))
    add_train_arguments(t)
    t.set_defaults(func=run_train)


def _linter(paths: AppPaths):
    from agentdesk.chinese import segmenter
    from agentdesk.lint import Linter

    # Exact word boundaries, loaded when a short hit first needs one (the lexicon opens in
    # tens of ms; a line with no short hit never imports jieba).
    segmenter(paths.cache_dir).load_on_demand()
    linter = Linter.from_phrasebook(list(paths.phrasebook_dirs), cache_dir=paths.cache_dir)
    # A broken team file is named, skipped, and everything else still checks.
    for problem in linter.problems:
        sys.stderr.write(f"agentdesk: {tr('规则文件有误，已跳过')}: "
                         f"{problem}\n")
    return linter


def _read(name: str, encoding: str | None) -> str:
    label = tr('标准输入') if name == "-" else name
    if name == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            data = Path(name).read_bytes()
        except FileNotFoundError:
            raise UserError(tr('找不到文件：{name}', name=name)) from None
        except IsADirectoryError:
            raise UserError(tr('{name} 是目录，请给出文件', name=name)) from None
        except OSError as exc:
            raise UserError(tr(
                    '无法读取 {name}：{strerror}',
                    name=name, strerror=exc.strerror)) from None
    return decode(data, label, encoding)


_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
         (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode(data: bytes, label: str, encoding: str | None = None) -> str:
    """Text of a draft: --encoding if given, else by BOM (UTF-8, UTF-16, UTF-32), else UTF-8.
    Anything else is refused: GBK or BOM-less UTF-16 read as UTF-8 would lint as clean."""
    hint = tr('（可用 --encoding 指定编码，如 --encoding gbk）')
    if encoding is None:
        encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), "utf-8")
        if encoding == "utf-8" and data.count(b"\x00") * 4 > len(data):
            raise UserError(tr('{label} 像是没有 BOM 的 UTF-16 文本{hint}', label=label, hint=hint))
    try:
        text = data.decode(encoding)
    except LookupError:
        raise UserError(tr('未知的编码：{encoding}', encoding=encoding)) from None
    except UnicodeDecodeError as exc:
        raise UserError(tr(
                '{label} 不是有效的 {encoding} 文本（第 {start} 字节）{hint}',
                label=label, encoding=encoding, start=exc.start, hint=hint))\
            from None
    return text[1:] if text.startswith("\ufeff") else text


class LineIndex:
    """line:column of an offset by bisect over the line starts: linear for any number of
    findings (a str.count per finding made 1 MB with 100,000 findings take half a minute)."""

    def __init__(self, text: str) -> None:
        starts = [0]
        at = text.find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = text.find("\n", at + 1)
        self._starts = starts

    def line_col(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self._starts, offset) - 1
        return i + 1, offset - self._starts[i] + 1


def _lint(args, paths: AppPaths) -> int:
    if args.transcript:
        if args.files:
            raise UserError(tr('--transcript 不能与 FILE 同时使用'))
        return _transcript(args, paths)
    names = args.files or ["-"]
    # read all first: a bad name checks nothing
    texts = [(name, _read(name, args.encoding)) for name in names]
    linter = _linter(paths)
    worst = 0
    report = []
    out: list[str] = []
    # the translated message and hint of a (message, suggestion): a megabyte has 100,000
    # findings of a few hundred kinds, and translating each one again cost ~5 % of its run
    tails: dict[tuple[str, str | None], str] = {}
    for name, text in texts:
        findings = linter.lint(text)
        label = "<stdin>" if name == "-" else name
        lines = LineIndex(text)
        for f in findings:
            line, col = lines.line_col(f.start)
            severity = f.severity._value_  # not .value: Enum's property, per finding
            worst = worst or severity == "error"
            if args.format == "json":
                report.append({"file": label, "line": line, "column": col, **f.to_dict()})
                continue
            key = (f.message, f.suggestions[0] if f.suggestions else None)
            tail = tails.get(key)
            if tail is None:
                hint = "" if key[1] is None else tr('（建议：{suggestion}）',
                                                    suggestion=key[1])
                tail = tails[key] = f"{data_tr(f.message)}{hint}\n"
            out.append(f"{label}:{line}:{col}: {severity} {f.rule}: “{f.matched}” — {tail}")
    if args.format == "json":
        print_json(report)
    else:
        sys.stdout.write("".join(out))
    return int(worst)


def _transcript(args, paths: AppPaths) -> int:
    from agentdesk.lint.transcript import audit, read_messages

    messages = read_messages(Path(args.transcript))
    result = audit(_linter(paths), messages)
    if args.format == "json":
        print_json(result)
        return 0
    out = sys.stdout
    out.write(tr(
            '共 {messages} 条坐席消息，{flagged_messages} 条有问题\n',
            messages=result['messages'], flagged_messages=result['flagged_messages']))
    out.write(tr('\n按规则：\n'))
    for rule, n in result["per_rule"].items():
        out.write(f"  {n:5d}  {rule}\n")
    out.write(tr('\n按坐席：\n'))
    for agent, info in result["per_agent"].items():
        rules = "，".join(f"{r}×{n}" for r, n in info["rules"].items())
        out.write(f"  {agent}: {info['findings']} / {info['messages']}  {rules}\n")
    out.write(tr('\n明细：\n'))
    for msg in result["flagged"]:
        rules = ", ".join(f["rule"] for f in msg["findings"])
        out.write(f"  {args.transcript}:{msg['line']} {msg['agent']} {msg['time']} [{rules}] "
                  f"{msg['text']}\n")
    return 0
