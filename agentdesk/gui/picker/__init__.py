"""The global picker: a small window over any program that pastes a checked reply into it."""

from agentdesk.gui.picker.controller import PickerController
from agentdesk.gui.picker.desk import attach, run_standalone, serve
from agentdesk.gui.picker.target import Target, active_window

__all__ = ["PickerController", "Target", "active_window", "attach", "run_standalone", "serve"]
