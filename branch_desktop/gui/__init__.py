"""The desktop shell (Qt): main window, navigation, task runner, shared widgets."""
