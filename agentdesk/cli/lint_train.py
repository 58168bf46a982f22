"""`agentdesk lint train DATA`: retrain the tone layer from labelled clauses (CSV/JSONL).

A supervisor's verdicts from the transcript audit (columns or keys text, label) become a
model in the personal phrasebook layer by default, where the linter picks it up. Needs the
optional `train` extra (scikit-learn); without it, one line says how to install it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from agentdesk.errors import UserError
from agentdesk.i18n import tr
from agentdesk.paths import AppPaths


def add_train_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `lint train` (the caller owns the parser and its handler)."""
    parser.add_argument("data", nargs="+", metavar="DATA",
                        help=tr(
                                '标注数据：CSV（text、label 两列）或 JSON lines（text、label 键）'
                                '；label 为 ok 或禁语类别'))
    parser.add_argument("--output", metavar="PATH",
                        help=tr('模型文件（默认：个人话术库的 models/tone.json）'))
    parser.add_argument("--with-corpus", action="store_true",
                        help=tr('同时使用随附的标注语料（数据较少时建议）'))


def _refuse_foreign(out: Path) -> None:
    """Never overwrite a file that is not a tone model (exit 3, the file left as it was)."""
    from agentdesk.lint.tone import ToneModel

    if out.is_dir():
        raise UserError(tr('{out} 是目录，请给出模型文件路径', out=out))
    if out.exists():
        try:
            ToneModel.load(out)
        except ValueError:
            raise UserError(tr('{out} 不是语气模型文件，未覆盖', out=out), exit_code=3) from None


def template_texts(phrasebook_dirs) -> list[str]:
    """Every approved template's text in these layers, as written and with placeholders
    filled by their defaults (what the agent sends): the new model must flag none of them."""
    from agentdesk.phrasebook.book import Phrasebook
    from agentdesk.phrasebook.placeholders import substitute

    texts = []
    for tpl in Phrasebook.load(list(phrasebook_dirs)).templates:
        values = {p.name: p.default or (p.choices[0] if p.choices else p.name)
                  for p in tpl.placeholders}
        texts += [tpl.text, substitute(tpl.text, values)]
    return texts


def run_train(args: argparse.Namespace, paths: AppPaths) -> int:
    """Train, write the model, print the validation figures; 0 on success."""
    from agentdesk.lint import tone, train

    if not train.sklearn_available():
        raise UserError(tr("训练需要 scikit-learn：pip install 'agentdesk[train]'"))
    out = Path(args.output).expanduser() if args.output else \
        paths.personal_phrasebook / tone.MODEL_FILE
    _refuse_foreign(out)
    try:
        sources = [*args.data, *([train.corpus_path()] if args.with_corpus else [])]
        rows = [row for src in sources for row in train.read_rows(src)]
        result = train.train(rows, guard_texts=template_texts(paths.phrasebook_dirs),
                             fit_texts=train.example_texts(paths.phrasebook_dirs))
    except (train.TrainingDataError, ImportError) as exc:
        raise UserError(str(exc)) from None
    try:
        train.save_model(result.model, out)
    except OSError as exc:
        raise UserError(tr('无法写入 {out}：{value}', out=out, value=exc.strerror or exc)) from None
    m = result.metrics
    sys.stdout.write(tr(
            '已训练 {n_rows} 句；验证集 {clauses} 句：精确率 {precision:.3f}，召回率 {recall:.3f}'
            '，阈值 {threshold:.3f}\n已写入 {out}\n',
            n_rows=len(rows), clauses=m['clauses'], precision=m['precision'], recall=m['recall'],
            threshold=result.model['threshold'], out=out))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m agentdesk.cli.lint_train DATA`: the same command on its own."""
    from agentdesk.cli.common import CliParser, fail

    parser = CliParser(prog="agentdesk lint train")
    add_train_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return run_train(args, AppPaths.resolve())
    except UserError as exc:
        return fail(exc.message, exc.exit_code)


if __name__ == "__main__":
    raise SystemExit(main())
