"""What happens to an entry, told to the areas that follow it, inside the same transaction.

When an entry's business becomes private, or public again, every edition of
an agenda that names it is out of date for the public: the agenda
(committee.agenda) subscribes and publishes corrected editions.
"""

from dataclasses import dataclass
from datetime import datetime
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
