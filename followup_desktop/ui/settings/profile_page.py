"""Settings ▸ Profile: who you are — your name, email, phone, address and signature.

The templates sign letters and emails with these. A validation error (an email that is
not one) shows under its field and the Settings dialog stays open on this page.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.core.errors import ValidationError
from followup_desktop.services import Services
from followup_desktop.ui.dialogs.field_errors import FieldErrors, add_form_row, error_label
from followup_desktop.ui.settings.registry import SettingsPage, register_page

ORDER = 20


class ProfilePage(SettingsPage):
    title = "Profile"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.setObjectName("profilePage")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Your details sign the thank-you letters and emails Follow-Up helps you "
            "write. They stay on this computer.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.general = error_label(self)
        layout.addWidget(self.general)
        self.errors = FieldErrors(self.general)
        form = QFormLayout()
        layout.addLayout(form)
        self.name = QLineEdit(self)
        self.name.setObjectName("profileName")
        add_form_row(form, "&Name", "name", self.name, self.errors)
        self.email = QLineEdit(self)
        self.email.setObjectName("profileEmail")
        self.email.setPlaceholderText("you@example.com")
        add_form_row(form, "&Email", "email", self.email, self.errors)
        self.phone = QLineEdit(self)
        self.phone.setObjectName("profilePhone")
        add_form_row(form, "&Phone", "phone", self.phone, self.errors)
        self.address = QPlainTextEdit(self)
        self.address.setObjectName("profileAddress")
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(70)
        add_form_row(form, "&Address", "address", self.address, self.errors)
        self.signature = QPlainTextEdit(self)
        self.signature.setObjectName("profileSignature")
        self.signature.setTabChangesFocus(True)
        self.signature.setPlaceholderText("Kind regards,\nYour Name")
        add_form_row(form, "&Signature", "signature", self.signature, self.errors)
        layout.addStretch(1)
        self.reload()

    def reload(self) -> None:
        profile = self.services.settings.profile()
        self.name.setText(profile.name)
        self.email.setText(profile.email)
        self.phone.setText(profile.phone)
        self.address.setPlainText(profile.address)
        self.signature.setPlainText(profile.signature)

    def values(self) -> dict[str, str]:
        return {
            "name": self.name.text(),
            "email": self.email.text(),
            "phone": self.phone.text(),
            "address": self.address.toPlainText(),
            "signature": self.signature.toPlainText(),
        }

    def apply(self) -> None:
        """Save; a bad value is shown under its field and raised for the dialog."""
        self.errors.clear()
        try:
            self.services.settings.set_profile(**self.values())
        except ValidationError as exc:
            self.errors.show(exc)
            raise


def register() -> None:
    register_page(ORDER, ProfilePage)


register()
