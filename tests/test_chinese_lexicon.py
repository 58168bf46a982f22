"""The lexicon tokenizer answers exactly as jieba's stock Tokenizer, loads fast, and never
trusts a damaged, truncated or foreign lexicon file."""

from __future__ import annotations

import json
import os
import stat
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agentdesk import chinese
from agentdesk.chinese import Segmenter, import_jieba
from agentdesk.lexicon import FILE_NAME, MAGIC
from agentdesk.lint import Linter
from agentdesk.lint.normalize import normalise
from agentdesk.paths import shipped_phrasebook

LINT = Path(__file__).parent / "lint"


def _drafts() -> list[str]:
    texts = []
    for path in sorted([*(LINT / "dev").glob("*.jsonl"), LINT / "calibration" / "drafts.jsonl"]):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts


@pytest.fixture(scope="module")
def lexicon_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("lexicon")


@pytest.fixture(scope="module")
def ours(lexicon_cache) -> Segmenter:
    seg = Segmenter()
    seg.configure(lexicon_cache)
    seg.tokenizer()
    return seg


@pytest.fixture(scope="module")
def stock(tmp_path_factory) -> Segmenter:
    """A Segmenter holding jieba's own Tokenizer() with its own dictionary cache."""
    jieba = import_jieba()
    tok = jieba.Tokenizer()
    tok.tmp_dir = str(tmp_path_factory.mktemp("stock-jieba"))
    tok.initialize()
    seg = Segmenter()
    seg._tokenizer = tok
    seg._ready.set()
    return seg


def test_every_draft_segments_as_stock_jieba_does(ours, stock):
    drafts = _drafts()
    assert len(drafts) > 1000
    for text in drafts:
        for t in (text, normalise(text)[0]):
            assert ours.tokenize(t) == stock.tokenize(t), t
            assert ours.lcut_for_search(t) == stock.lcut_for_search(t), t
            assert ours.tokenizer().lcut(t, HMM=False) == stock.tokenizer().lcut(t, HMM=False)


def test_every_draft_lints_to_the_same_findings(ours, stock, monkeypatch):
    drafts = _drafts()
    results = []
    for seg in (stock, ours):
        monkeypatch.setattr(chinese, "_SEGMENTER", seg)
        linter = Linter.from_phrasebook(shipped_phrasebook(), tone=None)
        results.append([[(f.start, f.end, f.rule) for f in linter.lint(t)] for t in drafts])
    assert results[0] == results[1]
    # and the boundary check did decide something: some short hits were refused
    monkeypatch.setattr(chinese, "_SEGMENTER", Segmenter())  # not ready: permissive
    permissive = Linter.from_phrasebook(shipped_phrasebook(), tone=None)
    assert [[(f.start, f.end, f.rule) for f in permissive.lint(t)] for t in drafts] != results[1]


def test_the_lexicon_is_private_and_read_back_without_a_rebuild(ours, lexicon_cache):
    path = lexicon_cache / FILE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = Segmenter()
    again.configure(lexicon_cache)
    again.tokenizer()
    assert again.rebuilt is None
    assert again.lcut("申请退款的流程") == ours.lcut("申请退款的流程")


@pytest.fixture(scope="module")
def frequencies():
    return chinese.stock_frequencies(import_jieba())


def _good_bytes(ours) -> bytes:
    return (Path(ours._cache_dir) / FILE_NAME).read_bytes()


@pytest.mark.parametrize("damage", ["truncated", "flipped", "foreign", "empty", "header",
                                    "other_jieba", "huge_offsets", "directory"])
def test_a_damaged_lexicon_is_refused_and_rebuilt(damage, ours, tmp_path, monkeypatch,
                                                  frequencies):
    # jieba's own gen_pfdict once for all cases: detecting, rebuilding and writing are real
    monkeypatch.setattr(chinese, "stock_frequencies", lambda jieba: frequencies)
    good = _good_bytes(ours)
    path = tmp_path / FILE_NAME
    end = good.index(b"\n", len(MAGIC))
    meta = json.loads(good[len(MAGIC):end])
    if damage == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif damage == "flipped":
        data = bytearray(good)
        data[-1000] ^= 0x01
        path.write_bytes(bytes(data))
    elif damage == "foreign":
        path.write_bytes(b"SQLite format 3\x00" + os.urandom(4096))
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "header":
        path.write_bytes(MAGIC + b"{not json\n" + good[end + 1:])
    elif damage == "other_jieba":
        meta["source"]["jieba"] = "0.1"
        path.write_bytes(MAGIC + json.dumps(meta).encode() + good[end:])
    elif damage == "huge_offsets":
        meta["offsets"][5] = 10**12
        path.write_bytes(MAGIC + json.dumps(meta).encode() + good[end:])
    else:
        path.mkdir()
    seg = Segmenter()
    seg.configure(tmp_path)
    assert seg.lcut("申请退款的流程") == ours.lcut("申请退款的流程")
    assert seg.rebuilt
    if damage != "directory":      # rebuilt in place, and good from then on
        fresh = Segmenter()
        fresh.configure(tmp_path)
        fresh.tokenizer()
        assert fresh.rebuilt is None


def test_the_old_jieba_cache_is_removed_when_the_lexicon_is_built(tmp_path, monkeypatch,
                                                                  frequencies):
    monkeypatch.setattr(chinese, "stock_frequencies", lambda jieba: frequencies)
    (tmp_path / "jieba.cache").write_bytes(b"\x00" * 1000)
    seg = Segmenter()
    seg.configure(tmp_path)
    seg.tokenizer()
    assert sorted(p.name for p in tmp_path.iterdir()) == [FILE_NAME]


def test_an_unwritable_cache_dir_still_segments(ours, tmp_path, monkeypatch, frequencies):
    monkeypatch.setattr(chinese, "stock_frequencies", lambda jieba: frequencies)
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    seg = Segmenter()
    seg.configure(blocked / "cache")
    assert seg.lcut("申请退款的流程") == ours.lcut("申请退款的流程")


def test_lookups_from_many_threads_agree(lexicon_cache, stock):
    seg = Segmenter()
    seg.configure(lexicon_cache)
    drafts = _drafts()[:400]
    expected = [stock.tokenize(t) for t in drafts]
    failures: list[str] = []

    def work(offset: int) -> None:
        for i in range(len(drafts)):
            k = (i + offset) % len(drafts)
            if seg.tokenize(drafts[k]) != expected[k]:
                failures.append(drafts[k])

    threads = [threading.Thread(target=work, args=(n * 97,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []


def test_the_lexicon_tokenizer_refuses_to_change_its_words(ours):
    with pytest.raises(NotImplementedError):
        ours.tokenizer().add_word("坐席助手")


def test_jieba_is_imported_without_pkg_resources():
    if "pkg_resources" in sys.modules:
        pytest.skip("pkg_resources was already imported by something else")
    import_jieba()
    assert "pkg_resources" not in sys.modules


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(
    list("的了我不您好退款快递這個問題喂养宠物电水壶坏修") + list("aZ09 ，。！?\n\t-_.%#+&")
    + ["😀", "\u200b", "\ufeff", "𠀀"]), max_size=40))
def test_any_text_segments_as_stock_jieba_does(ours, stock, text):
    assert ours.tokenize(text) == stock.tokenize(text)
    assert ours.lcut_for_search(text) == stock.lcut_for_search(text)
