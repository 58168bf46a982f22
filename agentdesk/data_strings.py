"""Which strings of a phrasebook layer's data are shown to the agent (and so need a translation
in its locale/<lang>.toml), and which of them have none yet.

    python scripts/untranslated_data.py en            # the shipped layer and every profile
    python scripts/untranslated_data.py en DIR ...    # a team's own layer(s)

Reply text (suggestions, templates, examples) is what the agent sends to a Chinese customer: it
is never translated, so it is not listed here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from agentdesk.data_i18n import load_catalog

KINDS = ("rules", "families", "vocabulary", "profiles", "visits")


def _under(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root.resolve())
    except OSError:
        return False


def _rules(layer: Path, below: Path | None) -> list[str]:
    from agentdesk.lint.rulebook import load_rulebook

    # a profile's or team's rules may use the word classes the shipped rules define
    book = load_rulebook([*([below] if below else []), layer])
    out: list[str] = []
    for rule in book.rules:
        if _under(rule.source, layer):
            out += [rule.category, rule.message]
    return out


def _families(layer: Path) -> list[str]:
    try:
        data = json.loads((layer / "models" / "tone.json").read_text(encoding="utf-8"))
        return [str(name) for name in data.get("families", {})]
    except (OSError, ValueError, AttributeError):
        return []


def _vocabulary(layer: Path) -> list[str]:
    import rtoml

    try:
        data = rtoml.loads((layer / "vocabulary.toml").read_text(encoding="utf-8-sig"))
    except (OSError, ValueError, UnicodeDecodeError):
        return []
    out: list[str] = []
    for table in ("channels", "categories", "priorities", "callback_presets"):
        if isinstance(data.get(table), dict):
            out += list(data[table])
    if isinstance(data.get("statuses"), dict):
        out += [v for v in data["statuses"].values() if isinstance(v, str)]
    return out


def _profile(layer: Path) -> list[str]:
    import rtoml

    try:
        data = rtoml.loads((layer / "profile.toml").read_text(encoding="utf-8-sig"))
    except (OSError, ValueError, UnicodeDecodeError):
        return []
    desc = data.get("description")
    return [desc.strip()] if isinstance(desc, str) and desc.strip() else []


def _visits() -> list[str]:
    """回访 results: the program's own fixed table, translated by the shipped catalog."""
    from agentdesk.desk.incidents import VISIT_RESULTS

    return [zh for zh, _ in VISIT_RESULTS.values()]


def shown_strings(layer: Path | str, below: Path | None = None) -> dict[str, list[str]]:
    """kind -> the layer's own data strings that are shown (each once, in file order)."""
    layer = Path(layer)
    found = {"rules": _rules(layer, below), "families": _families(layer),
             "vocabulary": _vocabulary(layer), "profiles": _profile(layer),
             "visits": _visits() if below is None else []}
    return {k: list(dict.fromkeys(s.strip() for s in v if s.strip())) for k, v in found.items()}


def shipped_layers() -> list[tuple[Path, list[Path]]]:
    """(layer, the layers whose catalogs apply to it) for the shipped phrasebook and each
    shipped profile (a profile is always stacked on the shipped layer)."""
    from agentdesk.paths import known_profiles, shipped_phrasebook

    shipped = shipped_phrasebook()
    return [(shipped, [shipped]), *((p, [shipped, p]) for p in known_profiles().values())]


def untranslated(lang: str, stacks: Iterable[tuple[Path, list[Path]]] | None = None
                 ) -> list[tuple[Path, str, str]]:
    """(layer, kind, Chinese text) of every shown data string with no translation into lang."""
    missing: list[tuple[Path, str, str]] = []
    for layer, stack in (shipped_layers() if stacks is None else stacks):
        catalog, _ = load_catalog(stack, lang)
        below = stack[0] if stack and Path(stack[0]) != Path(layer) else None
        for kind, texts in shown_strings(layer, below).items():
            missing += [(Path(layer), kind, t) for t in texts if t not in catalog]
    return missing


def main(argv: list[str] | None = None) -> int:
    """Print untranslated data strings as TOML lines to paste into locale/<lang>.toml."""
    import sys

    from agentdesk.paths import shipped_phrasebook

    args = list(sys.argv[1:] if argv is None else argv)
    lang = args.pop(0) if args else "en"
    stacks = None
    if args:
        shipped = shipped_phrasebook()
        stacks = [(Path(d), [shipped, Path(d)]) for d in args]
    missing = untranslated(lang, stacks)
    last = None
    for layer, kind, text in missing:
        if (layer, kind) != last:
            sys.stdout.write(f"\n# {layer / 'locale' / (lang + '.toml')}\n[{kind}]\n")
            last = (layer, kind)
        sys.stdout.write(f"{json.dumps(text, ensure_ascii=False)} = \"\"\n")
    return 1 if missing else 0
