"""Validation messages shown next to the field they are about.

A form registers a small red label under each field; a :class:`ValidationError` from a
service names its field, and :meth:`FieldErrors.show` puts the message there (or in a
general label at the top when the field has no place of its own).
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from followup_desktop.core.errors import ValidationError

ERROR_STYLE = "color: #b91c1c; font-size: 90%;"


def error_label(parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setObjectName("fieldError")
    label.hide()
    return label


class FieldErrors:
    """Field name → its error label; plus a general one for the rest."""

    def __init__(self, general: QLabel) -> None:
        self.general = general
        self._labels: dict[str, QLabel] = {}
        self._widgets: dict[str, QWidget] = {}

    def add(self, field: str, label: QLabel, widget: QWidget | None = None) -> QLabel:
        self._labels[field] = label
        if widget is not None:
            self._widgets[field] = widget
        return label

    def label(self, field: str) -> QLabel | None:
        return self._labels.get(field)

    def clear(self) -> None:
        for label in [*self._labels.values(), self.general]:
            label.clear()
            label.hide()

    def show(self, error: ValidationError) -> QLabel:
        """Show ``error`` beside its field (longest registered prefix wins); focus the field."""
        self.clear()
        field = error.field
        target = None
        while field:
            if field in self._labels:
                target = self._labels[field]
                break
            field = field.rpartition(".")[0]
        label = target or self.general
        label.setText(error.message)
        label.show()
        widget = self._widgets.get(field)
        if widget is not None:
            widget.setFocus()
        return label

    def messages(self) -> dict[str, str]:
        """What is shown now, by field (``""`` for the general label): for tests."""
        out = {
            f: lbl.text() for f, lbl in self._labels.items() if not lbl.isHidden() and lbl.text()
        }
        if self.general.text() and not self.general.isHidden():
            out[""] = self.general.text()
        return out


def add_form_row(
    form: QFormLayout, text: str, field: str, widget: QWidget, errors: FieldErrors
) -> QLabel:
    """A form row: ``text`` (with its &-mnemonic bound to the field), the field, and an
    error label under it that ``errors`` fills for ``field``."""
    parent = widget.parentWidget()
    box = QVBoxLayout()
    box.setSpacing(2)
    box.addWidget(widget)
    err = error_label(parent)
    box.addWidget(err)
    errors.add(field, err, widget)
    label = QLabel(text, parent)
    label.setBuddy(widget)
    form.addRow(label, box)
    return err
