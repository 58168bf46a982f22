"""The `agentdesk profile` subcommand: the shipped profiles, one per kind of desk."""

from __future__ import annotations

import argparse
import sys

from agentdesk.cli.common import add_format_option, print_json
from agentdesk.data_i18n import data_tr
from agentdesk.i18n import tr
from agentdesk.paths import AppPaths


def register(sub: argparse._SubParsersAction) -> None:
    """Add `profile` to the command line."""
    p = sub.add_parser("profile", help=tr('按坐席类型的配置：话术、词表和规则'))
    cmds = p.add_subparsers(dest="profile_command", metavar="ACTION", required=True)
    c = cmds.add_parser("list", help=tr('列出可用的配置'))
    add_format_option(c)
    c.set_defaults(func=_list)
    c = cmds.add_parser("show", help=tr('显示一个配置：说明、类别和话术数量'))
    c.add_argument("name")
    add_format_option(c)
    c.set_defaults(func=_show)


def _summary(name: str) -> dict:
    from agentdesk.paths import profile_layer, shipped_phrasebook
    from agentdesk.phrasebook import Phrasebook
    from agentdesk.phrasebook.profiles import read_profile, vocabulary_categories

    layer = profile_layer(name)            # an unknown name: one line, exit 2
    profile, problems = read_profile(layer.path)
    categories, vocab_problems = vocabulary_categories(layer.path)
    book = Phrasebook.load([layer])
    return {"name": name, "title": profile.title() if profile else name,
            "description": profile.description if profile else "", "path": str(layer.path),
            "categories": categories, "templates": len(book.templates),
            "problems": [str(p) for p in (*problems, *vocab_problems, *book.problems)],
            "layers": [str(shipped_phrasebook()), str(layer.path)]}


def _list(args, paths: AppPaths) -> int:
    from agentdesk.paths import known_profiles

    rows = [_summary(name) for name in known_profiles()]
    if args.format == "json":
        print_json(rows)
        return 0
    for row in rows:
        mark = " *" if row["name"] == paths.profile else ""
        count = row["templates"]
        sys.stdout.write(f"{row['name']}\t{row['title']}\t"
                         f"{tr('{count} 条话术', count=count)}{mark}\n")
    return 0


def _show(args, paths: AppPaths) -> int:
    row = _summary(args.name)
    if args.format == "json":
        print_json(row)
        return 0
    shown = [data_tr(c, row["layers"]) for c in row["categories"]]
    sys.stdout.write(f"{row['name']}  {row['title']}\n"
                     f"{data_tr(row['description'], row['layers'])}\n"
                     f"{tr('类别')}: {'、'.join(shown)}\n"
                     f"{tr('话术')}: {row['templates']}\n"
                     f"{tr('目录')}: {row['path']}\n")
    for problem in row["problems"]:
        sys.stderr.write(f"agentdesk: {tr('警告')}: {problem}\n")
    return 0
