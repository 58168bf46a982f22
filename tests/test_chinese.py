"""OpenCC conversion and the shared jieba segmenter."""

from __future__ import annotations

import pytest

from agentdesk.chinese import Segmenter, to_simplified, to_traditional


def test_traditional_to_simplified():
    assert to_simplified("網絡客服業務操作標準") == "网络客服业务操作标准"
    assert to_simplified("投訴") == "投诉"


def test_simplified_to_taiwan_and_hong_kong_forms():
    assert to_traditional("投诉网络软件", "tw") == "投訴網路軟體"
    assert to_traditional("投诉", "hk") == "投訴"


def test_unknown_variant_is_a_clear_error():
    with pytest.raises(ValueError, match="tw, hk"):
        to_traditional("投诉", "xx")


def test_segmenter_caches_in_the_given_directory(tmp_path):
    seg = Segmenter()
    seg.configure(tmp_path / "cache")
    assert not seg.is_ready
    assert "退款" in seg.lcut("申请退款的流程")
    assert seg.is_ready
    assert any(p.name.startswith("jieba") for p in (tmp_path / "cache").iterdir())
    words = seg.tokenize("申请退款")
    assert all("申请退款"[s:e] == w for w, s, e in words)
