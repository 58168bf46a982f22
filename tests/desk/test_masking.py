"""Masked by default everywhere: contact history, JSON events, numbers typed into free text."""

from __future__ import annotations

import csv
import json
import re

from hypothesis import given
from hypothesis import strategies as st

from agentdesk.cli import main
from agentdesk.masking import MOBILE, mask_numbers

SECRET = ("13812345678", "13900001111", "110101199003071234", "6222021234567890123")


def run(capsys, db, *args):
    code = main(["--db", str(db), *args])
    out = capsys.readouterr()
    return code, out.out + out.err


def leaks(text: str) -> list[str]:
    return [s for s in SECRET if s in text]


def test_show_list_search_export_and_json_hide_every_number(capsys, db_path, tmp_path):
    run(capsys, db_path, "log", "add", "--customer", "张三", "--contact", "13812345678",
        "--summary", "客户说备用号13900001111，身份证110101199003071234")
    run(capsys, db_path, "log", "update", "1", "--contact", "13900001111")
    run(capsys, db_path, "log", "close", "1", "--resolution", "已退款到卡6222021234567890123")
    run(capsys, db_path, "handover", "create", "--by", "小王", "--note", "张三13812345678")
    outputs = {args: run(capsys, db_path, *args) for args in (
        ("log", "show", "1"), ("log", "show", "1", "--format", "json"), ("log", "list"),
        ("log", "list", "--format", "json"), ("log", "search", "备用号"),
        ("handover", "show", "1"), ("handover", "show", "1", "--format", "json"))}
    for args, (code, text) in outputs.items():
        assert code == 0 and leaks(text) == [], (args, text)
    shown = json.loads(outputs[("log", "show", "1", "--format", "json")][1])
    contacts = [e["data"].get("fields", {}).get("contact") or e["data"].get("changes", {})
                .get("contact") for e in shown["events"]]
    assert contacts[0] == "138****5678" and contacts[1] == ["138****5678", "139****1111"]
    out = tmp_path / "masked.csv"
    assert run(capsys, db_path, "log", "export", "--output", str(out))[0] == 0
    assert leaks(out.read_text(encoding="utf-8-sig")) == []
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert "139****1111" in rows[1][9] and "1101**********1234" in rows[1][9]


def test_unmasked_shows_everything(capsys, db_path, tmp_path):
    run(capsys, db_path, "log", "add", "--customer", "张三", "--contact", "13812345678",
        "--summary", "身份证110101199003071234")
    _, text = run(capsys, db_path, "log", "show", "1", "--unmasked", "--format", "json")
    assert "13812345678" in text and "110101199003071234" in text
    out = tmp_path / "full.csv"
    run(capsys, db_path, "log", "export", "--output", str(out), "--unmasked")
    assert "110101199003071234" in out.read_text(encoding="utf-8-sig")


@given(st.text(alphabet="张三先生宽带断网，。 ", max_size=60),
       st.sampled_from(["13812345678", "+86 139-0000-1111", "１３８１２３４５６７８",
                        "110101199003071234", "6222 0212 3456 7890 123"]),
       st.text(alphabet="张三先生宽带断网，。", max_size=20))
def test_a_number_anywhere_in_text_is_masked(before, number, after):
    masked = mask_numbers(f"{before}{number}{after}")
    plain = masked.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    assert not MOBILE.search(plain)
    assert not re.search(r"\d{12}", re.sub(r"[\s-]", "", plain))
    assert masked.endswith(after)


@given(st.text(alphabet=st.characters(blacklist_categories=("Nd",)), max_size=80))
def test_text_without_digits_is_unchanged(text):
    assert mask_numbers(text) == text


def test_export_masks_every_contact_form_like_mask_phone(fresh_db, tmp_path):
    from agentdesk.desk.phones import mask_phone
    from agentdesk.desk.reports import export

    forms = ["13812345678", "+86 138-1234-5678", "010-12345678", "１３８１２３４５６７８", "12345"]
    for i, contact in enumerate(forms):
        fresh_db.add(customer=f"客户{i}", contact=contact, summary="=1+1 公式不能执行")
    out = tmp_path / "x.csv"
    export(fresh_db, out, "csv")
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))[1:]
    assert [r[5] for r in rows] == [mask_phone(c) for c in forms]
    assert all(r[9].startswith("'=") for r in rows)
