"""What happens to an entry, told to the areas that follow it, inside the same transaction.

When an entry's business becomes private, or public again, every edition of
an agenda that names it is out of date for the public: the agenda
(committee.agenda) subscribes and publishes corrected editions. When its
papers are asked for, received or cleared, the reminders (committee.reminders)
tell the lead officers and the clerk.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from blinker import Namespace

_signals = Namespace()


@dataclass(frozen=True)
class PrivacyChange:
    """An entry's exempt paragraph has just changed (flushed, not committed)."""

    session: Any  # the transaction's Session
    entry: Any  # committee.work_programme.models.WorkProgrammeEntry, as it is now
    actor: Any
    previous_paragraph: int | None
    at: datetime

    @property
    def made_private(self) -> bool:
        return self.previous_paragraph is None and self.entry.exempt_paragraph is not None


#: Sent with a PrivacyChange once the entry (and its agenda item) changed.
privacy_changed = _signals.signal("privacy-changed")


class PaperStep(StrEnum):
    ASKED = "asked"  # the lead officers are asked for the item's papers, for its meeting
    ADDED = "added"  # asked for kinds the item needs from now on
    RECEIVED = "received"  # a version of one kind came in
    CLEARED = "cleared"  # governance cleared it for the agenda


@dataclass(frozen=True)
class PaperMove:
    """An entry's papers were asked for, received or cleared (flushed, not committed): the
    reminders (committee.reminders) tell the people concerned, in the same transaction."""

    session: Any
    entry: Any  # committee.work_programme.models.WorkProgrammeEntry, as it is now
    actor: Any
    step: PaperStep
    kinds: tuple[str, ...]
    at: datetime
    version_id: int | None = None  # the version received or cleared


#: Sent with a PaperMove once the papers' rows have changed.
papers_moved = _signals.signal("papers-moved")
