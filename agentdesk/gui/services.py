"""The core objects the window works with, built once in app.py and handed to every panel."""

from __future__ import annotations

import os
from pathlib import Path

from agentdesk.paths import AppPaths

# How long the checks wait for jieba's lexicon before answering without exact word boundaries
_BOUNDARY_WAIT = 0.25


def _agent_name() -> str:
    import getpass

    return os.environ.get("AGENTDESK_AGENT") or getpass.getuser()


class Services:
    def __init__(self, paths: AppPaths, agent: str | None = None) -> None:
        self.paths = paths
        self.agent = agent or _agent_name()
        self.phrasebook = None   # agentdesk.phrasebook.Phrasebook, loaded in the background
        self.linter = None       # agentdesk.lint.Linter, loaded in the background
        # the duty log's words for these layers (agentdesk.vocabulary), loaded in the background
        self.vocabulary = None
        self.forced_profile = paths.profile   # --profile / AGENTDESK_PROFILE: wins over settings
        self._log = None
        self._usage = None

    def use_profile(self, name: str | None) -> bool:
        """Stack this profile's layer instead of the current one (None: none); False when the
        command line or environment named one (it wins) or the name is not a shipped profile.
        The caller reloads what depends on the layers (load_core, load_vocabulary)."""
        from agentdesk.errors import UserError

        if self.forced_profile or (name or None) == self.paths.profile:
            return False
        try:
            self.paths = self.paths.with_profile(name or None)
        except UserError:          # a profile saved in settings.ini and since removed
            return False
        return True

    def load_vocabulary(self):
        """(vocabulary, problems) of the current layers: run in a worker thread."""
        from agentdesk.vocabulary import load_vocabulary

        return load_vocabulary(self.paths.phrasebook_dirs)

    def set_vocabulary(self, vocabulary) -> None:
        self.vocabulary = vocabulary
        if self._log is not None:
            self._log.vocabulary = vocabulary

    @property
    def log(self):
        """The duty log (opened on first use: a small, quick SQLite open)."""
        if self._log is None:
            from agentdesk.desk import DutyLog

            self._log = DutyLog.open(self.paths.db_path, agent=self.agent,
                                     vocabulary=self.vocabulary)
        return self._log

    @property
    def usage(self):
        if self._usage is None:
            from agentdesk.phrasebook import UsageStore

            self._usage = UsageStore.open(self.paths.data_dir / "usage.db")
        return self._usage

    @property
    def draft_file(self) -> Path:
        return self.paths.data_dir / "draft.txt"

    def load_core(self) -> tuple[object, object, list[str]]:
        """Phrasebook with its search index, and the linter: (book, linter, problems)."""
        return (self.load_book(), *self.load_checks())

    def load_book(self):
        """The phrasebook and its search index (pypinyin, jieba): run in a worker thread."""
        from agentdesk.chinese import segmenter
        from agentdesk.phrasebook import Phrasebook

        segmenter(self.paths.cache_dir)
        book = Phrasebook.load(self.paths.phrasebook_dirs, cache_dir=self.paths.cache_dir)
        book.index  # noqa: B018 - build the search index here, not on the first keystroke
        # what the window shows the book with, imported here rather than on the GUI thread
        # (an import there waits for the GIL at each file-system call while loaders run)
        import agentdesk.gui.template_preview  # noqa: F401
        return book

    def load_checks(self) -> tuple[object, list[str]]:
        """The linter, its patterns compiled and jieba loaded (or loading, on the very first
        start): run in a worker thread. Returns (linter, problems):
        a layer whose rules do not load is named in `problems` and left out, so the shipped
        rules (and every good layer) still apply."""
        from agentdesk.chinese import segmenter
        from agentdesk.errors import UserError
        from agentdesk.lint import Linter

        segmenter(self.paths.cache_dir)
        layers, problems = list(self.paths.phrasebook_dirs), []
        cache = self.paths.cache_dir
        try:
            linter = Linter.from_phrasebook(layers, cache_dir=cache)
        except (UserError, OSError) as exc:
            good: list[Path] = []
            for layer in layers:        # find the layers that load on their own
                try:
                    Linter.from_phrasebook([*good, layer], tone=None, cache_dir=cache)  # probe
                except (UserError, OSError) as layer_exc:
                    problems.append(getattr(layer_exc, "message", None) or str(layer_exc))
                else:
                    good.append(layer)
            if not good:
                raise exc from None
            linter = Linter.from_phrasebook(good, cache_dir=cache)
        problems += [str(p) for p in getattr(linter, "problems", ())]
        # Word boundaries: the lexicon opens in tens of ms; on the very first start it is built
        # (seconds) in its own thread and the linter answers meanwhile, permissive on them.
        # An existing lexicon opens here in tens of ms; a missing one (the very first start) is
        # built later, once the window is up (agentdesk.gui.startup): seconds of Python that
        # would share the GIL with the checks and with every widget built meanwhile.
        from agentdesk.lexicon import FILE_NAME

        lexicon = cache / FILE_NAME if cache is not None else None
        linter.warm_up(boundaries_within=_BOUNDARY_WAIT,
                       words=lexicon is not None and lexicon.exists())
        import agentdesk.lint.readiness  # noqa: F401 - the Copy button's, off the GUI thread
        return linter, problems

    def close(self) -> None:
        for thing in (self._log, self._usage):
            if thing is not None:
                thing.close()
        self._log = self._usage = None  # a late timer reopens rather than crashing
