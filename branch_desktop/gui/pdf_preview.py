"""In-app PDF preview (QtPdf) with Print and Save.

Documents are built by ``branch_desktop.printing`` as PDF bytes (no Qt there); this dialog shows
them, prints them through the system's print dialog (each page rendered at the printer's
resolution) and saves them to a file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QSize, Qt
from PySide6.QtGui import QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.texts import format_count
from branch_desktop.gui.widgets import message_label, set_message, with_shortcut


class PdfPreviewDialog(QDialog):
    def __init__(self, pdf: bytes, title: str, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.pdf = pdf
        self.file_name = file_name
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        self.pages = QLabel(_("{count} pages").format(count=format_count(self.document.pageCount())))
        buttons.addWidget(self.pages, 1)
        self.message = message_label()
        buttons.addWidget(self.message, 2)
        self.print_button = QPushButton(_("Print…"))
        self.print_button.setShortcut(QKeySequence("Ctrl+P"))
        self.print_button.setToolTip(with_shortcut(_("Print"), "Ctrl+P"))
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton(_("Save…"))
        self.save_button.setShortcut(QKeySequence("Ctrl+S"))
        self.save_button.setToolTip(with_shortcut(_("Save the PDF"), "Ctrl+S"))
        self.save_button.clicked.connect(self.save_document)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.close)
        for b in (self.print_button, self.save_button, close):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.resize(900, 800)

    def save_to(self, path: Path) -> None:
        path.write_bytes(self.pdf)
        set_message(self.message, _("Saved to {file}").format(file=str(path)), ok=True)

    def save_document(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(self, _("Save the PDF"), self.file_name, _("PDF files (*.pdf)"))
        if name:
            try:
                self.save_to(Path(name))
            except OSError as exc:
                set_message(self.message, str(exc))

    def print_document(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.file_name)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.render_to(printer)

    def render_to(self, printer: object) -> None:
        """Render every page onto a QPrinter (or any QPagedPaintDevice)."""
        from PySide6.QtGui import QPagedPaintDevice

        assert isinstance(printer, QPagedPaintDevice)
        painter = QPainter()
        if not painter.begin(printer):
            set_message(self.message, _("The printer could not be started."))
            return
        try:
            rect = painter.viewport()
            for page in range(self.document.pageCount()):
                if page:
                    printer.newPage()
                size = self.document.pagePointSize(page)
                scale = min(rect.width() / size.width(), rect.height() / size.height())
                target = QSize(int(size.width() * scale), int(size.height() * scale))
                image = self.document.render(page, target)
                painter.drawImage(QPointF(0, 0), image)
        finally:
            painter.end()


def preview_pdf(
    parent: QWidget, build: Callable[[], bytes], title: str, file_name: str, runner: object
) -> None:
    """Build a PDF on the task runner and show it in a :class:`PdfPreviewDialog`."""
    from branch_desktop.gui.tasks import TaskRunner

    assert isinstance(runner, TaskRunner)

    def show(pdf: bytes) -> None:
        dialog = PdfPreviewDialog(pdf, title, file_name, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        setattr(parent, "last_preview", dialog)  # noqa: B010 - tests look at it
        dialog.show()

    runner.submit(build, show, label=_("Preparing the document…"))
