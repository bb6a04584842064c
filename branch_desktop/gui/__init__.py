"""The desktop shell (Qt): main window, navigation, task runner, shared widgets."""

from branch_desktop.gui.qt_hook import quicken_feature_hook

quicken_feature_hook()  # before the shell's modules: each import after PySide's costs less
