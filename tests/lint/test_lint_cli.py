"""`agentdesk lint` like a compiler, and `--transcript` for the supervisors' audit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from agentdesk.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "agentdesk", *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, env=dict(os.environ), check=False)


def test_clean_reply_exits_0_and_prints_nothing():
    out = run("lint", "-", stdin="您好，请问有什么可以帮助您？")
    assert (out.returncode, out.stdout) == (0, "")


def test_error_finding_prints_line_column_phrase_message_and_suggestion(tmp_path):
    draft = tmp_path / "reply.txt"
    draft.write_text("您好。\n这个我不知道。", encoding="utf-8")
    out = run("lint", str(draft))
    assert out.returncode == 1
    assert out.stdout.startswith(f"{draft}:2:4: error negative.dont_know: “不知道”")
    assert "建议：我帮您查询后回复您" in out.stdout


def test_info_only_exits_0(capsys, tmp_path):
    draft = tmp_path / "r.txt"
    draft.write_text("我们会尽快处理", encoding="utf-8")
    assert main(["lint", str(draft), "--format", "json"]) == 0
    (finding,) = json.loads(capsys.readouterr().out)
    assert finding["rule"] == "promise.vague_time" and finding["line"] == 1


def test_missing_file_is_one_line_exit_2():
    out = run("lint", "/no/such/reply.txt")
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1 and "/no/such/reply.txt" in out.stderr


def test_transcript_report_per_rule_and_per_agent(tmp_path, capsys):
    log = tmp_path / "chat.csv"
    log.write_text("\ufefftime,agent,role,message\n"
                   "09:00,小王,客服,您好，请问有什么可以帮助您？\n"
                   "09:01,小王,客户,你们到底行不行，我不知道怎么弄\n"
                   "09:02,小王,客服,这个我不知道，你自己看说明\n"
                   "09:03,小李,客服,我保证明天修好\n", encoding="utf-8")
    assert main(["lint", "--transcript", str(log), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["messages"] == 3                       # the customer's line is not audited
    assert report["per_rule"] == {"negative.dont_know": 1, "negative.read_manual": 1,
                                  "promise.guarantee": 1}
    assert report["per_agent"]["小王"]["findings"] == 2
    assert report["per_agent"]["小李"]["rules"] == {"promise.guarantee": 1}
    assert main(["lint", "--transcript", str(log)]) == 0
    assert "小李: 1 / 1" in capsys.readouterr().out


def test_transcript_json_lines_and_bad_lines(tmp_path, capsys):
    log = tmp_path / "chat.jsonl"
    log.write_text('{"agent": "A1", "role": "agent", "text": "喂，你找谁"}\n', encoding="utf-8")
    assert main(["lint", "--transcript", str(log), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["per_agent"]["A1"]["findings"] == 2
    log.write_text('{"agent": "A1", "text": "好"}\n{broken\n', encoding="utf-8")
    assert main(["lint", "--transcript", str(log)]) == 2
    assert "chat.jsonl:2" in capsys.readouterr().err
