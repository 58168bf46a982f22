"""Item data roles as plain numbers (Qt.ItemDataRole values).

The first use of the `Qt` namespace costs about 12 ms in PySide6 (it builds every enum), so
the code that runs before the window is first painted uses these instead.
"""

DISPLAY = 0        # Qt.DisplayRole
TOOLTIP = 3        # Qt.ToolTipRole
BACKGROUND = 8     # Qt.BackgroundRole
USER = 256         # Qt.UserRole
TEMPLATE = USER + 1
