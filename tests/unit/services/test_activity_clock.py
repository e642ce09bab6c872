"""The timeline is stamped by the services' clock, not the wall clock."""

from __future__ import annotations

from fixed_clock import START, Clock

from followup_desktop.services import Services
from followup_desktop.services.timeline import TimelineService


def test_timeline_entries_carry_the_services_time(services: Services, clock: Clock) -> None:
    interview = services.board.create_interview("Acme Ltd", "Designer")
    clock.advance(days=3)
    services.board.move([interview], "interviewed")
    services.board.add_note(interview, "Went well")
    entries = TimelineService(services.ctx).of_interview(interview)
    stamps = sorted(e.at for e in entries)
    assert stamps[0] == START
    assert stamps[-1] == clock.now
