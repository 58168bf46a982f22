"""Chinese text services shared by the core: OpenCC conversion and one lazily loaded jieba.

jieba's dictionary takes about a second to load, so it is loaded once per process, on
first use or in a background thread (`Segmenter.load_in_background`), with its cache file
in AgentDesk's own cache directory rather than a shared /tmp file. Callers that must not
wait (the linter on a keystroke) ask `is_ready` first and degrade gracefully.
"""

from __future__ import annotations

import logging
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
    """One jieba tokenizer for the process, loaded lazily and thread-safely."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._tokenizer: Any = None
        self._cache_dir: Path | None = None

    def configure(self, cache_dir: Path | None) -> None:
        """Where jieba keeps its dictionary cache. Has effect only before the first load."""
        if self._tokenizer is None:
            self._cache_dir = cache_dir

    @property
    def is_ready(self) -> bool:
        return self._ready.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._ready.wait(timeout)

    def tokenizer(self) -> Any:
        """The loaded jieba.Tokenizer, loading it now if needed (blocks about a second once)."""
        if self._tokenizer is not None:
            return self._tokenizer
        with self._lock:
            if self._tokenizer is None:
                with warnings.catch_warnings():
                    # jieba 0.42 imports pkg_resources, which setuptools now flags as deprecated.
                    warnings.simplefilter("ignore")
                    import jieba
                logging.getLogger("jieba").setLevel(logging.WARNING)
                jieba.setLogLevel(logging.WARNING)
                tok = jieba.Tokenizer()
                if self._cache_dir is not None:
                    try:
                        self._cache_dir.mkdir(parents=True, exist_ok=True)
                        tok.tmp_dir = str(self._cache_dir)
                    except OSError:
                        pass  # an unwritable cache dir only costs speed: jieba rebuilds in memory
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    tok.initialize()
                self._tokenizer = tok
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


_SEGMENTER = Segmenter()


def segmenter(cache_dir: Path | None = None) -> Segmenter:
    """The process-wide segmenter; the first cache_dir given decides where its cache goes."""
    if cache_dir is not None:
        _SEGMENTER.configure(cache_dir)
    return _SEGMENTER
