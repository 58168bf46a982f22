"""Copy from the real window on a real X server, read back by another process with xclip."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import subprocess, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from agentdesk.gui import build_main_window
w = build_main_window()
w.show()
while not w.loaded:                 # Copy is held until the checks have loaded
    app.processEvents()
w.draft.editor.setPlainText("您好😀，已为您登记，24小时内回复。")
w.draft.relint()
assert w.draft.copy_button.isEnabled()
w.draft.copy_button.click()
app.processEvents()
print(w.draft.last_copy_mechanism, flush=True)
out = subprocess.run(["xclip", "-o", "-selection", "clipboard"], capture_output=True,
                     timeout=10)
sys.stdout.write(out.stdout.decode("utf-8"))
"""


@pytest.mark.x11
def test_another_process_reads_back_exactly_the_copied_draft(tmp_path):
    if not (shutil.which("xvfb-run") and shutil.which("xclip")):
        pytest.skip("needs Xvfb and xclip (installed by .ci/run)")
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "AGENTDESK_HOME": str(tmp_path)}
    out = subprocess.run(["xvfb-run", "-a", sys.executable, "-c", SCRIPT], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    mechanism, _, pasted = out.stdout.partition("\n")
    assert mechanism == "pyperclip"
    assert pasted == "您好😀，已为您登记，24小时内回复。"
