"""People added and picked in the interview editor: everyone who can be picked (this
employer's and agency's people first), and a person added inline (an interviewer typed into
a round, someone new on the People tab), saved at once as their own undoable step
("Add …") whose redo brings back the same person (id and uuid).

:class:`AddingPeople` is mixed into :class:`~.interview_editor.InterviewEditor`, whose
services, undo stack, company and agency fields and people pickers it uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from followup_desktop.core.facts import ContactKind
from followup_desktop.services import people
from followup_desktop.services.contacts import ContactInfo
from followup_desktop.ui.contacts.commands import run_and_push

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QComboBox, QLineEdit

    from followup_desktop.services import Services
    from followup_desktop.ui.dialogs.people_panel import PeoplePanel
    from followup_desktop.ui.dialogs.rounds_editor import RoundsEditor


class AddingPeople:
    """Who can be picked, and people added inline (a mixin of ``InterviewEditor``)."""

    if TYPE_CHECKING:
        # What the editor provides.
        services: Services
        undo_stack: QUndoStack | None
        company: QLineEdit
        agency: QComboBox
        rounds: RoundsEditor
        people: PeoplePanel

    def _everyone(self) -> list[ContactInfo]:
        """Everyone, the people of this employer and agency first."""
        everyone = self.services.contacts.list()
        company = self.company.text().strip().casefold()
        agency = self.agency.currentText().strip().casefold()
        return sorted(
            everyone,
            key=lambda p: (p.organization.casefold() not in {company, agency}, p.name.casefold()),
        )

    def _create_person(self, name: str, job_title: str, kind: str) -> int:
        org = (
            self.agency.currentText()
            if kind == ContactKind.AGENCY_RECRUITER.value
            else self.company.text()
        )
        contacts = self.services.contacts
        made: list[int] = []
        record: list[people.PersonRecord] = []

        def redo() -> None:
            if record:  # the same person again (id and uuid): later steps name them
                people.restore(self.services.ctx, self.services.followups, record[0])
                return
            made[:] = [
                contacts.create_contact(
                    name, job_title=job_title, kind=kind, organization=org.strip() or None
                )
            ]

        def undo() -> None:
            record[:] = [people.capture(made[0])]
            contacts.delete_contact(made[0])

        run_and_push(self.undo_stack, f"Add {name.strip()}", redo, undo)
        person = contacts.get(made[0])
        self.rounds.add_known_person(person)
        self.people.add_known_person(person)
        return made[0]

    def _create_interviewer(self, name: str, job_title: str) -> int:
        return self._create_person(name, job_title, ContactKind.INTERVIEWER.value)
