"""`agentdesk log …` and `agentdesk handover …`, end to end on a real database file."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agentdesk.cli import main

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "agentdesk", "--db", str(db), *args], cwd=ROOT,
                          capture_output=True, text=True, env=dict(os.environ), check=False)


def run(capsys, db, *args) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_log_add_prints_only_the_id_and_the_entry_is_committed(db_path):
    out = cli("log", "add", "--customer", "张三", "--title", "先生", "--contact", "13812345678",
              "--category", "投诉", "--summary", "宽带断网", "--callback", "2030-01-01 10:00",
              db=db_path)
    assert (out.returncode, out.stdout, out.stderr) == (0, "1\n", "")
    from agentdesk.desk import DutyLog

    with DutyLog.open(db_path) as log:
        assert log.get(1).callback_at.year == 2030


def test_log_add_does_not_import_qt_or_jieba(db_path):
    code = ("import sys; from agentdesk.cli import main; "
            f"main(['--db', {str(db_path)!r}, 'log', 'add', '--customer', 'a', '--summary', 'b']);"
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'jieba', 'pypinyin'))];"
            "sys.exit(1 if bad else 0)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=False)
    assert out.returncode == 0, out.stderr


@pytest.mark.parametrize(("args", "field"), [
    (["--customer", "a", "--summary", ""], "summary"),
    (["--customer", "a", "--summary", "x", "--callback", "下周"], "callback"),
    (["--customer", "a", "--summary", "x", "--category", "闲聊"], "category"),
    (["--customer", "a", "--summary", "x", "--contact", "电话"], "contact"),
])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(db_path, args, field):
    out = cli("log", "add", *args, db=db_path)
    assert out.returncode == 2 and out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1 and field in out.stderr
    assert "Traceback" not in out.stderr
    from agentdesk.desk import DutyLog

    with DutyLog.open(db_path) as log:
        assert log.count() == 0


def test_list_show_update_close_search(capsys, db_path):
    run(capsys, db_path, "log", "add", "--customer", "张三", "--contact", "13812345678",
        "--summary", "游戏充值没到账", "--callback", "2020-01-01 09:00")
    run(capsys, db_path, "log", "add", "--customer", "李四", "--summary", "咨询套餐")
    code, out, _ = run(capsys, db_path, "log", "list", "--open", "--format", "json")
    rows = json.loads(out)
    assert [r["id"] for r in rows] == [2, 1]
    assert rows[1]["contact"] == "138****5678" and rows[1]["overdue"] is True
    code, out, _ = run(capsys, db_path, "log", "list", "--overdue")
    assert out.startswith("1\t") and "超时" in out and "13812345678" not in out
    code, out, _ = run(capsys, db_path, "log", "list", "--unmasked")
    assert "13812345678" in out
    assert run(capsys, db_path, "log", "update", "2", "--status", "transferred",
               "--to", "技术支持")[0] == 0
    assert run(capsys, db_path, "log", "close", "1", "--resolution", "已补发到账")[0] == 0
    code, out, _ = run(capsys, db_path, "log", "show", "1", "--format", "json")
    shown = json.loads(out)
    assert shown["status"] == "closed" and [e["kind"] for e in shown["events"]] == \
        ["created", "updated"]
    code, out, _ = run(capsys, db_path, "log", "search", "充值没到", "--format", "json")
    assert [r["id"] for r in json.loads(out)] == [1]
    code, out, err = run(capsys, db_path, "log", "update", "9", "--status", "closed")
    assert code == 2 and "9" in err
    code, out, err = run(capsys, db_path, "log", "update", "1", "--status", "finished")
    assert code == 2 and "status" in err


def test_export_csv_with_bom_and_xlsx_read_back(capsys, db_path, tmp_path):
    run(capsys, db_path, "log", "add", "--customer", "张三", "--contact", "13812345678",
        "--summary", "=1+1 不是公式")
    target = tmp_path / "log.csv"
    assert run(capsys, db_path, "log", "export", "--format", "csv", "--output", str(target))[0] == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][:4] == ["编号", "时间", "坐席", "客户姓名"]
    assert rows[1][3] == "张三" and rows[1][5] == "138****5678"
    assert rows[1][9] == "'=1+1 不是公式"
    xlsx = tmp_path / "log.xlsx"
    assert run(capsys, db_path, "log", "export", "--format", "xlsx", "--output", str(xlsx),
               "--unmasked")[0] == 0
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][3] == "张三" and values[1][5] == "13812345678"


def test_stats_and_verify(capsys, db_path):
    run(capsys, db_path, "log", "add", "--customer", "a", "--category", "投诉", "--summary", "x")
    run(capsys, db_path, "log", "add", "--customer", "b", "--summary", "y")
    code, out, _ = run(capsys, db_path, "log", "stats", "--format", "json")
    stats = json.loads(out)
    assert stats["total"] == 2 and stats["by_category"] == {"投诉": 1, "咨询": 1}
    code, out, _ = run(capsys, db_path, "log", "verify")
    assert code == 0 and "完整" in out


def test_handover_create_show_ack_list(capsys, db_path):
    run(capsys, db_path, "log", "add", "--customer", "张三", "--summary", "待回电",
        "--callback", "2020-01-01 09:00")
    run(capsys, db_path, "log", "add", "--customer", "李四", "--summary", "还在处理")
    code, out, _ = run(capsys, db_path, "handover", "create", "--by", "小王", "--to", "小李",
                       "--note", "张三很着急")
    assert (code, out) == (0, "1\n")
    code, out, _ = run(capsys, db_path, "handover", "show", "1", "--format", "json")
    shown = json.loads(out)
    assert [i["id"] for i in shown["open_items"]] == [1, 2]
    assert shown["acknowledged_by"] is None and shown["acknowledged_at"] is None
    code, out, _ = run(capsys, db_path, "handover", "list", "--unacknowledged")
    assert out.startswith("1\t")
    assert run(capsys, db_path, "handover", "ack", "1", "--by", "小李")[0] == 0
    code, out, _ = run(capsys, db_path, "handover", "show", "1", "--format", "json")
    shown = json.loads(out)
    assert shown["acknowledged_by"] == "小李" and shown["acknowledged_at"]
    code, _, err = run(capsys, db_path, "handover", "ack", "1", "--by", "小张")
    assert code == 2 and "小李" in err


def test_verify_exits_1_after_tampering(capsys, db_path):
    import sqlite3

    run(capsys, db_path, "log", "add", "--customer", "张三", "--summary", "原始内容")
    run(capsys, db_path, "handover", "create", "--by", "小王")
    run(capsys, db_path, "handover", "ack", "1", "--by", "小李")
    raw = sqlite3.connect(db_path)
    raw.execute("DELETE FROM events WHERE id = 1")
    raw.commit()
    raw.close()
    code, out, _ = run(capsys, db_path, "log", "verify")
    assert code == 1 and "改动" in out


def test_foreign_file_at_the_db_path_exits_3_untouched(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(b"PK\x03\x04 not a database")
    out = cli("log", "list", db=path)
    assert out.returncode == 3 and "SQLite" in out.stderr
    assert path.read_bytes() == b"PK\x03\x04 not a database"
