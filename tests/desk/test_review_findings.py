"""Defects a hostile review of main found: each test failed before its fix."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

from agentdesk.cli import main


def run(capsys, db, *args) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_number_typed_as_the_customer_name_is_masked_everywhere(capsys, db_path):
    code, _, _ = run(capsys, db_path, "log", "add", "--customer", "13812345678", "--summary", "x")
    assert code == 0
    for args in (("log", "list"), ("log", "show", "1"), ("log", "show", "1", "--format", "json"),
                 ("log", "list", "--format", "json")):
        code, out, _ = run(capsys, db_path, *args)
        assert code == 0 and "13812345678" not in out and "138****5678" in out, args
    code, out, _ = run(capsys, db_path, "log", "list", "--unmasked")
    assert "13812345678" in out
    payload = json.loads(run(capsys, db_path, "log", "show", "1", "--format", "json")[1])
    assert "13812345678" not in json.dumps(payload, ensure_ascii=False)


def test_a_time_another_program_wrote_as_garbage_does_not_stop_the_listing(capsys, db_path):
    run(capsys, db_path, "log", "add", "--customer", "张三", "--summary", "断网")
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE entries SET callback_at = 'garbage' WHERE id = 1")
    for args in (("log", "list"), ("log", "show", "1")):
        code, out, err = run(capsys, db_path, *args)
        assert code == 0 and "张三" in out and "Traceback" not in err, (args, err)


def test_an_argument_that_is_not_utf8_is_bad_input_not_an_internal_error(tmp_path):
    out = subprocess.run([sys.executable, "-m", "agentdesk", "--db", str(tmp_path / "d.db"),
                          "log", "add", "--customer", "a", "--summary", b"\x9b".decode(
                              "utf-8", "surrogateescape")],
                         capture_output=True, text=True, cwd=tmp_path, check=False,
                         env={**os.environ, "AGENTDESK_LANG": "zh"})
    assert out.returncode == 2, out.stderr
    assert "内部错误" not in out.stderr and "UTF-8" in out.stderr
