"""The Designer forms (ui/**.ui, gui/forms.py): every form builds, its fields are found by name,
its texts come out of the catalogue in the user's language, and each file is read once."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QLineEdit, QPushButton, QSpinBox, QWidget

from branch_desktop.core.i18n import catalogue, set_language
from branch_desktop.gui import forms
from branch_desktop.gui.form_texts import form_strings, translate_form
from branch_desktop.paths import ui_dir

FORMS = sorted(p.relative_to(ui_dir()).with_suffix("").as_posix() for p in ui_dir().rglob("*.ui"))


def test_the_forms_are_found_where_the_app_looks() -> None:
    assert {"shell/login", "revenue/employer_file", "revenue/receipt", "accounting/payroll/decree",
            "accounting/payroll/loan_application"} <= set(FORMS)
    assert ui_dir() == Path(forms.__file__).resolve().parents[2] / "ui"  # beside the package in a checkout


@pytest.mark.parametrize("name", FORMS)
def test_every_form_builds_in_english_and_persian(qapp: object, name: str) -> None:
    texts = form_strings(forms.form_path(name).read_bytes())
    assert texts, name
    for lang in ("en", "fa"):
        set_language(lang)
        try:
            form = forms.load_form(name)
            shown = _texts(form)
            if lang == "en":
                assert set(texts) <= shown
            else:  # every text translated: none of the English msgids is left on the form
                assert not set(texts) & shown, set(texts) & shown
            form.deleteLater()
        finally:
            set_language("en")


def _texts(form: QWidget) -> set[str]:
    out: set[str] = set()
    for w in form.findChildren(QWidget):
        out.add(w.toolTip())
        if isinstance(w, (QLabel, QLineEdit, QPushButton, QCheckBox)):
            out.add(w.text())
        if isinstance(w, QLineEdit):
            out.add(w.placeholderText())
        if isinstance(w, QGroupBox):
            out.add(w.title())
        if isinstance(w, QSpinBox):
            out.add(w.specialValueText())
    return out - {""}


def test_fields_are_taken_by_name_and_type(qapp: object) -> None:
    form = forms.load_form("shell/login")
    password = forms.child(form, QLineEdit, "password")
    assert password.echoMode() == QLineEdit.EchoMode.Password
    assert forms.child(form, QLabel, "password_label").buddy() is password
    with pytest.raises(LookupError):
        forms.child(form, QLineEdit, "no_such_field")
    with pytest.raises(LookupError):
        forms.child(form, QPushButton, "password")  # the name, but not that kind of widget


def test_a_form_file_is_read_once_and_translated_once_per_language(qapp: object, monkeypatch: pytest.MonkeyPatch
                                                                   ) -> None:
    forms._source.cache_clear()
    forms._translated.cache_clear()
    reads: list[Path] = []
    real = Path.read_bytes

    def counting(self: Path) -> bytes:
        reads.append(self)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    for _i in range(3):
        forms.load_form("revenue/employer_file")
    set_language("tr")
    try:
        forms.load_form("revenue/employer_file")
    finally:
        set_language("en")
    assert len(reads) == 1
    assert forms._translated.cache_info().currsize == 2  # English and Turkish


def test_translation_keeps_untranslatable_strings() -> None:
    xml = (b'<ui><widget class="QLabel"><property name="text"><string>Name</string></property>'
           b'<property name="text"><string notr="true">IR00</string></property>'
           b'<property name="objectName"><string>Name</string></property></widget></ui>')
    assert form_strings(xml) == ["Name"]
    out = translate_form(xml, lambda text: text.upper())
    assert form_strings(out) == ["NAME"] and b"IR00" in out and b"<string>Name</string>" in out


def test_every_form_text_is_in_the_persian_catalogue() -> None:
    cat = catalogue("fa")  # (tests/test_catalogues.py checks that the extraction reads the forms)
    for name in FORMS:
        for text in form_strings(forms.form_path(name).read_bytes()):
            assert cat.gettext(text) != text, (name, text)
