"""Forms drawn in Qt Designer (``ui/<department>/....ui``), built at run time with ``QUiLoader``.

``load_form("revenue/employer_file", parent)`` returns the form's top widget (a plain QWidget
holding the layout and the named fields), ready to be put in the page's layout; the view then
takes its fields by name with :func:`child` and keeps only the behaviour. Each file is read once;
its texts (msgids in English, ``gui/form_texts.py``) are translated into the current language
before Qt builds the widgets, and the translated XML is kept per language, so opening a form again
costs only the building of its widgets.

Why ``QUiLoader`` rather than ``pyside6-uic`` at build time: no generated code to keep in step
with the ``.ui`` files (nor a build step for the tests and the editable install), the same files
are bundled by PyInstaller as data (``build_installer.spec``), and the texts go through the
catalogue like every other string. See docs/architecture.md (GUI).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QObject
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QWidget

from branch_desktop.core.i18n import current_language
from branch_desktop.core.i18n import gettext as _
from branch_desktop.gui.form_texts import translate_form
from branch_desktop.paths import ui_dir

W = TypeVar("W", bound=QObject)


def form_path(name: str) -> Path:
    """``ui/<name>.ui`` in the checkout or at the root of the frozen build."""
    return ui_dir() / f"{name}.ui"


@cache
def _source(name: str) -> bytes:
    path = form_path(name)
    if not path.is_file():
        raise FileNotFoundError(f"form {name!r} not found at {path}")
    return path.read_bytes()


@cache
def _translated(name: str, lang: str) -> bytes:
    return translate_form(_source(name), _)


_loader: QUiLoader | None = None


def _new_loader() -> QUiLoader:
    """A loader without Designer's widget plugins: its constructor loads every plugin it finds under
    the library paths' ``designer`` folders (PySide6 ships QQuickWidget's and QWebEngineView's, which
    load Qt Quick and Qt WebEngine: 25-35 ms before the login dialog). The forms use Qt's own widgets
    only; the paths are back as they were once it is built."""
    paths = QCoreApplication.libraryPaths()
    QCoreApplication.setLibraryPaths([])
    try:
        return QUiLoader()
    finally:
        QCoreApplication.setLibraryPaths(paths)


def load_form(name: str, parent: QWidget | None = None) -> QWidget:
    """Build form ``name`` (a path under ``ui/`` without ``.ui``) in the current language."""
    global _loader
    if _loader is None:
        _loader = _new_loader()
    data = QByteArray(_translated(name, current_language()))
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    widget = _loader.load(buffer, parent)
    buffer.close()
    if widget is None:
        raise RuntimeError(f"form {name!r}: {_loader.errorString()}")
    return widget


def child(form: QWidget, kind: type[W], name: str) -> W:
    """The form's field ``name`` (its objectName in Designer), of type ``kind``."""
    found = form.findChild(kind, name)
    if found is None:
        raise LookupError(f"form {form.objectName()!r} has no {kind.__name__} named {name!r}")
    return found


def place(form: QWidget, slot: str, widget: QWidget) -> None:
    """Put a widget built in code (an employer picker, a grid) into the form's empty box ``slot``
    (a QWidget with a layout, drawn in Designer where the widget goes)."""
    box = child(form, QWidget, slot)
    layout = box.layout()
    if layout is None:
        raise LookupError(f"form {form.objectName()!r}: box {slot!r} has no layout")
    layout.addWidget(widget)
