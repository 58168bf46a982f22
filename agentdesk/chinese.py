"""Chinese text services shared by the core: OpenCC conversion and one lazily loaded jieba.

jieba's own dictionary cache takes 1.5 s to load (holding the GIL); AgentDesk reads the
same dictionary from its lexicon file in its own cache directory instead (agentdesk.lexicon),
once per process, on first use or in a background thread (`Segmenter.load_in_background`).
Callers that must not wait (the linter on a keystroke) ask `is_ready` first and degrade
gracefully.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any

# OpenCC configuration names: simplified <-> Taiwan (with phrases) / Hong Kong forms.
TRADITIONAL_VARIANTS = {"tw": "s2twp", "hk": "s2hk", "t": "s2t"}


@lru_cache(maxsize=8)
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional (any variant) to simplified. Length can change only for rare phrases."""
    return _converter("t2s").convert(text) if text else text


def to_traditional(text: str, variant: str = "tw") -> str:
    """Simplified to traditional: 'tw' (Taiwan, with Taiwan phrasing), 'hk' or plain 't'."""
    try:
        config = TRADITIONAL_VARIANTS[variant]
    except KeyError:
        raise ValueError(f"unknown traditional variant {variant!r}; use tw, hk or t") from None
    return _converter(config).convert(text) if text else text


class Segmenter:
    """One jieba tokenizer for the process, loaded lazily and thread-safely.

    It reads jieba's dictionary from AgentDesk's lexicon file (agentdesk.lexicon: built once
    per cache directory, then opened in milliseconds) and answers exactly as a stock
    `jieba.Tokenizer()` does."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._tokenizer: Any = None
        self._cache_dir: Path | None = None
        self._on_demand = False
        self.rebuilt: str | None = None   # why the lexicon was (re)built at load, if it was

    def configure(self, cache_dir: Path | None) -> None:
        """Where the lexicon file lives. Has effect only before the first load."""
        if self._tokenizer is None:
            self._cache_dir = cache_dir

    def load_on_demand(self) -> None:
        """Let callers that check `is_ready` load on first use (the CLI, which may wait):
        a draft with no short hit to confirm then never imports jieba."""
        self._on_demand = True

    @property
    def is_ready(self) -> bool:
        """Can a caller segment now without a long wait (loaded, or loading on demand)?"""
        return self._on_demand or self._ready.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._ready.wait(timeout)

    @property
    def is_loading(self) -> bool:
        """Is a thread opening (or, the very first time, building) the lexicon right now?"""
        return self._lock.locked() and not self._ready.is_set()

    def tokenizer(self) -> Any:
        """The loaded tokenizer, loading it now if needed (tens of ms; a couple of seconds the
        very first time, while the lexicon file is built)."""
        if self._tokenizer is not None:
            return self._tokenizer
        with self._lock:
            if self._tokenizer is None:
                from agentdesk.lexicon import open_or_build

                jieba = import_jieba()
                lexicon, self.rebuilt = open_or_build(self._cache_dir, jieba_source(jieba),
                                                      lambda: stock_frequencies(jieba))
                if self.rebuilt and self._cache_dir is not None:
                    # jieba's own 9 MB marshal cache, which earlier versions kept here
                    with contextlib.suppress(OSError):
                        (self._cache_dir / "jieba.cache").unlink()
                self._tokenizer = lexicon_tokenizer(jieba, lexicon)
                self._ready.set()
        return self._tokenizer

    def load_in_background(self) -> threading.Thread:
        thread = threading.Thread(target=self.tokenizer, name="jieba-load", daemon=True)
        thread.start()
        return thread

    def lcut(self, text: str) -> list[str]:
        return self.tokenizer().lcut(text)

    def lcut_for_search(self, text: str) -> list[str]:
        return self.tokenizer().lcut_for_search(text)

    def tokenize(self, text: str) -> list[tuple[str, int, int]]:
        """(word, start, end) with Python string offsets."""
        return list(self.tokenizer().tokenize(text))


def import_jieba() -> Any:
    """jieba, imported without pkg_resources: jieba 0.42's _compat imports it only to open its
    own data files (0.28 s of a 0.31 s import) and falls back to open() when it is absent."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # jieba's invalid escape sequences, on old Pythons
        blocked = "pkg_resources" not in sys.modules
        if blocked:
            sys.modules["pkg_resources"] = None  # type: ignore[assignment]
        try:
            import jieba
        finally:
            if blocked and sys.modules.get("pkg_resources", 0) is None:
                del sys.modules["pkg_resources"]
    logging.getLogger("jieba").setLevel(logging.WARNING)
    jieba.setLogLevel(logging.WARNING)
    return jieba


def _dict_path(jieba: Any) -> Path:
    return Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME


def jieba_source(jieba: Any) -> dict:
    """What a lexicon was built from: a new jieba (or its dictionary) means a rebuild."""
    try:
        size = _dict_path(jieba).stat().st_size
    except OSError:
        size = -1
    return {"jieba": str(jieba.__version__), "dict_bytes": size}


def stock_frequencies(jieba: Any) -> tuple[dict[str, int], int]:
    """jieba's own prefix dictionary of its default dictionary (its gen_pfdict), ~1.5 s."""
    tok = jieba.Tokenizer()
    return tok.gen_pfdict(tok.get_dict_file())


def lexicon_tokenizer(jieba: Any, lexicon: Any) -> Any:
    """A jieba.Tokenizer reading `lexicon`: every entry point that looks words up (cut, and
    with it lcut, tokenize, cut_for_search; get_DAG) first merges the text's groups.

    jieba 0.42's lookups (get_DAG, calc, __cut_DAG's FREQ.get(buf), cut_for_search's grams)
    are all of substrings of the text passed in, so the merged dict holds every key they can
    ask for; tests/test_chinese_lexicon.py compares the results with a stock Tokenizer()."""

    class LexiconTokenizer(jieba.Tokenizer):
        def __init__(self) -> None:
            super().__init__()
            self.FREQ = lexicon.freq
            self.total = lexicon.total
            self.initialized = True

        def initialize(self, dictionary: Any = None) -> None:
            if dictionary:
                raise NotImplementedError("the lexicon tokenizer has one dictionary")

        def get_DAG(self, sentence: str) -> dict:
            lexicon.ensure(sentence)
            return super().get_DAG(sentence)

        def cut(self, sentence: str, *args: Any, **kwargs: Any) -> Any:
            lexicon.ensure(sentence if isinstance(sentence, str) else
                           jieba.strdecode(sentence))
            return super().cut(sentence, *args, **kwargs)

        def _read_only(self, *args: Any, **kwargs: Any) -> None:
            # a word added now would be overwritten when its group is merged later
            raise NotImplementedError("the lexicon tokenizer is read-only")

        add_word = del_word = suggest_freq = load_userdict = set_dictionary = _read_only

    return LexiconTokenizer()


_SEGMENTER = Segmenter()


def segmenter(cache_dir: Path | None = None) -> Segmenter:
    """The process-wide segmenter; the first cache_dir given decides where its cache goes."""
    if cache_dir is not None:
        _SEGMENTER.configure(cache_dir)
    return _SEGMENTER
