"""The `agentdesk phrases` subcommand: list, search, show, fill, copy, check, favourite."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from agentdesk.cli.common import add_format_option, print_json
from agentdesk.errors import UserError
from agentdesk.i18n import tr
from agentdesk.paths import AppPaths


def register(sub: argparse._SubParsersAction) -> None:
    """Add `phrases` to the command line. Heavy imports belong inside the handlers."""
    p = sub.add_parser("phrases", help=tr('规范话术：查找、填写、复制、检查'))
    cmds = p.add_subparsers(dest="phrases_command", metavar="ACTION", required=True)

    c = cmds.add_parser("list", help=tr('列出话术'))
    c.add_argument("--category", help=tr('只列出该分类（含子分类）'))
    add_format_option(c)
    c.set_defaults(func=_list)

    c = cmds.add_parser("search", help=tr('按关键字、拼音、首字母或繁体查找'))
    c.add_argument("query")
    c.add_argument("--limit", type=int, default=10, help=tr('最多列出几条（默认 10）'))
    c.add_argument("--category", help=tr('只在该分类（含子分类）中查找'))
    add_format_option(c)
    c.set_defaults(func=_search)

    c = cmds.add_parser("show", help=tr('显示一条话术'))
    c.add_argument("id")
    add_format_option(c)
    c.set_defaults(func=_show)

    for name, func, helptext in (
        ("fill", _fill, tr('填写占位符并输出')),
        ("copy", _copy, tr('填写占位符并复制到剪贴板')),
    ):
        c = cmds.add_parser(name, help=helptext)
        c.add_argument("id")
        c.add_argument("--set", dest="values", action="append", default=[], metavar=tr('名称=值'),
                       help=tr('占位符的值，可重复'))
        c.add_argument("--traditional", choices=("tw", "hk"),
                       help=tr('转换为繁体（台湾或香港用字）'))
        add_format_option(c)
        c.set_defaults(func=func)

    c = cmds.add_parser("check", help=tr('检查话术库文件，有问题时退出码为 1'))
    c.add_argument("dirs", nargs="*", metavar="DIR")
    add_format_option(c)
    c.set_defaults(func=_check)

    c = cmds.add_parser("favourite", help=tr('收藏或取消收藏话术'))
    c.add_argument("id")
    c.add_argument("--off", action="store_true", help=tr('取消收藏'))
    c.set_defaults(func=_favourite)


def _book(paths: AppPaths):
    """The configured phrasebook; each problem (a broken team file, an unreadable folder)
    is one line on stderr and the rest still loads."""
    from agentdesk.phrasebook import Phrasebook

    book = Phrasebook.load(paths.layers, cache_dir=paths.cache_dir)
    for problem in book.problems:
        sys.stderr.write(f"agentdesk: {tr('警告')}: {problem}\n")
    return book


def _usage(paths: AppPaths):
    from agentdesk.phrasebook import UsageStore

    return UsageStore.open(paths.data_dir / "usage.db")


def _print_templates(templates, fmt: str) -> None:
    if fmt == "json":
        print_json([tpl.to_dict() for tpl in templates])
        return
    for tpl in templates:
        mark = "" if tpl.layer == "shipped" else f" [{tpl.layer}]"
        sys.stdout.write(f"{tpl.id}\t{tpl.category}\t{tpl.title}{mark}\n")


def _list(args, paths: AppPaths) -> int:
    book = _book(paths)
    templates = book.templates
    if args.category:
        prefix = args.category.rstrip("/") + "/"
        templates = [x for x in templates
                     if x.category == args.category or x.category.startswith(prefix)]
    _print_templates(templates, args.format)
    return 0


def _search(args, paths: AppPaths) -> int:
    if args.limit < 1:
        raise UserError(tr('--limit 必须大于 0'))
    # a search writes nothing: without a usage file there is nothing to rank by
    usage = _usage(paths) if (paths.data_dir / "usage.db").is_file() else None
    try:
        found = _book(paths).search(args.query, limit=args.limit, usage=usage,
                                    category=args.category)
    finally:
        if usage is not None:
            usage.close()
    _print_templates(found, args.format)
    return 0


def _get(book, template_id: str):
    tpl = book.get(template_id)
    if tpl is None:
        raise UserError(tr(
                '没有 id 为 {template_id} 的话术（用 `agentdesk phrases search` 查找）',
                template_id=template_id))
    return tpl


def _show(args, paths: AppPaths) -> int:
    tpl = _get(_book(paths), args.id)
    if args.format == "json":
        print_json(tpl.to_dict())
        return 0
    sys.stdout.write(f"{tpl.id}  {tpl.category} / {tpl.title}  ({tpl.layer}: {tpl.source})\n"
                     f"{tpl.text}\n")
    for ph in tpl.placeholders:
        extra = f" = {ph.default}" if ph.default else ""
        extra += f"  ({' | '.join(ph.choices)})" if len(ph.choices) > 1 else ""
        sys.stdout.write(f"  {{{ph.name}}}{extra}\n")
    return 0


def _values(pairs: list[str]) -> dict[str, str]:
    values = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UserError(tr('--set 需要 名称=值 的形式，收到：{pair}', pair=pair))
        values[name.strip()] = value
    return values


def _filled(args, paths: AppPaths) -> tuple[str, object, object, dict[str, str]]:
    from agentdesk.phrasebook import initial_values

    book = _book(paths)
    tpl = _get(book, args.id)
    usage = _usage(paths)
    given = _values(args.values)
    values = initial_values(tpl, usage.remembered, given)
    try:
        text = tpl.fill(values)
    except UserError:
        usage.close()
        raise
    if args.traditional:
        from agentdesk.chinese import to_traditional

        text = to_traditional(text, args.traditional)
    return text, tpl, usage, given


def _done(usage, tpl, given: dict[str, str], action: str) -> None:
    """Record the use and remember what the agent typed, only once the text went out."""
    for name, value in given.items():
        if tpl.placeholder(name):
            usage.remember(name, value)
    usage.record(tpl, action)


def _emit(text: str, tpl, fmt: str) -> None:
    if fmt == "json":
        print_json({"id": tpl.id, "text": text})
    else:
        sys.stdout.write(text + "\n")


def _fill(args, paths: AppPaths) -> int:
    text, tpl, usage, given = _filled(args, paths)
    try:
        _done(usage, tpl, given, "fill")
    finally:
        usage.close()
    _emit(text, tpl, args.format)
    return 0


def _copy(args, paths: AppPaths) -> int:
    from agentdesk.clipboard import copy_text

    text, tpl, usage, given = _filled(args, paths)
    try:
        copy_text(text)
        _done(usage, tpl, given, "copy")
    finally:
        usage.close()
    _emit(text, tpl, args.format)
    sys.stderr.write(tr('已复制到剪贴板。\n'))
    return 0


def _check(args, paths: AppPaths) -> int:
    """Everything a supervisor publishes in a team folder: templates, synonyms, rules (they
    load, patterns compile, examples behave), vocabulary and profiles. Exit 1 on a problem."""
    from agentdesk.layers import Layer

    layers = [Layer(Path(d).name or d, Path(d), "extra") for d in args.dirs] or list(paths.layers)
    templates, problems = 0, []
    for layer in layers:
        n, found = _check_layer(layer)
        templates += n
        problems += found
    if args.format == "json":
        print_json({"templates": templates,
                    "problems": [{"file": str(p.file), "line": p.line,
                                  "template_id": p.template_id, "message": p.message}
                                 for p in problems]})
    else:
        for problem in problems:
            sys.stdout.write(f"{problem}\n")
        sys.stderr.write(tr(
                '{templates} 条话术，{n_problems} 个问题\n',
                templates=templates, n_problems=len(problems)))
    return 1 if problems else 0


def _check_layer(layer) -> tuple[int, list]:
    from agentdesk.data_i18n import check as check_catalogs
    from agentdesk.layers import PROFILES, Layer, files
    from agentdesk.phrasebook import LoadProblem, Phrasebook
    from agentdesk.phrasebook.profiles import read_profile, vocabulary_categories

    book = Phrasebook.load([layer], cache_dir=None)
    problems = list(book.problems)
    problems += _rule_problems(layer)
    problems += vocabulary_categories(layer.path)[1]
    problems += [LoadProblem(path, message)          # its translations of its own data
                 for path, message in check_catalogs(files(layer, "locale"))]
    count = len(book.templates)
    profiles = layer.path / PROFILES
    if profiles.is_dir():
        for sub in sorted(p for p in profiles.iterdir() if p.is_dir()):
            problems += read_profile(sub)[1]
            n, found = _check_layer(Layer(f"profile:{sub.name}", sub, "profile"))
            count += n
            problems += found
    return count, problems


def _rule_problems(layer) -> list:
    """Rules of one layer: each file loads, patterns compile, bad examples are caught by
    their rule and good ones are not (with the shipped rules beside them, as agents run)."""
    from agentdesk.layers import files
    from agentdesk.lint.linter import Linter
    from agentdesk.lint.rulebook import load_rulebook
    from agentdesk.paths import shipped_phrasebook
    from agentdesk.phrasebook import LoadProblem

    own = files(layer, "rules")
    if not own:
        return []
    base = [shipped_phrasebook()]
    problems = []
    try:
        rulebook = load_rulebook([*base, layer.path] if layer.kind != "shipped" else base)
    except UserError as exc:
        return [LoadProblem(own[0].parent, exc.message)]
    linter = Linter(rulebook)
    own_set = {str(p) for p in own}
    # the rulebook skips what it cannot use and says why: those are this layer's problems too
    problems += [LoadProblem(p.file, p.message, p.line) for p in rulebook.problems
                 if str(p.file) in own_set or str(p.file).startswith(str(layer.path))]
    for rule in rulebook.rules:
        if str(rule.source) not in own_set:
            continue
        for bad in rule.bad_examples:
            if not any(f.rule == rule.id for f in linter.lint(bad, grouped=False)):
                problems.append(LoadProblem(rule.source, tr(
                        '规则 {id} 没有查出它的反例：{bad}',
                        id=rule.id, bad=bad)))
        for good in rule.good_examples:
            if any(f.rule == rule.id for f in linter.lint(good, grouped=False)):
                problems.append(LoadProblem(rule.source, tr(
                        '规则 {id} 误报了它的正例：{good}',
                        id=rule.id, good=good)))
    return problems


def _favourite(args, paths: AppPaths) -> int:
    _get(_book(paths), args.id)
    usage = _usage(paths)
    try:
        usage.set_favourite(args.id, not args.off)
    finally:
        usage.close()
    return 0
