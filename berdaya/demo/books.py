"""Demo books: every recorded meeting of a demo group gets its collection sheet, posted through the
same service a treasurer uses (``berdaya.books.sheets.services.post_meeting``).

The figures follow each group's bylaws: pokok at a member's first meeting, wajib and dues from everyone
present, now and then some voluntary savings or a fine for lateness. Who pays what is drawn from a
random generator seeded with the group's name and the date, so every install shows the same books.
"""

from __future__ import annotations

import random

from berdaya.books.sheets.models import CollectionSheet
from berdaya.books.sheets.services import LineInput, members_on, opening_cash, post_meeting, sheet_totals
from berdaya.groups.models import Group


def load_group_books(*, group: Group, acting_user) -> int:
    """Post the sheets of the group's meetings that have none yet; returns how many were posted."""
    bylaws = getattr(group, "bylaws", None)
    if bylaws is None:
        return 0
    posted = 0
    has_pokok: set[int] = set()
    meetings = group.meetings.order_by("held_on", "id").prefetch_related("attendance")
    for meeting in meetings:
        present = {a.person_id for a in meeting.attendance.all() if a.present}
        if CollectionSheet.objects.filter(meeting=meeting).exists():
            has_pokok |= present
            continue
        rng = random.Random(f"{group.name}|{meeting.held_on.isoformat()}")
        lines = []
        # The members on the meeting date (attendance may still list someone recorded as leaving later).
        for person_id in sorted(members_on(meeting)):
            here = person_id in present
            line = LineInput(person_id=person_id, present=here)
            if here:
                if bylaws.principal_saving and person_id not in has_pokok:
                    line.principal_saving = bylaws.principal_saving
                    has_pokok.add(person_id)
                line.mandatory_saving = bylaws.mandatory_saving
                line.dues = bylaws.dues
                if rng.random() < 0.3:
                    line.voluntary_saving = rng.choice([5_000, 10_000, 20_000, 25_000])
                if rng.random() < 0.05:
                    line.fine = 1_000
            lines.append(line)
        expected = opening_cash(meeting) + sheet_totals(lines)["net_cash"]
        short = rng.random() < 0.04 and expected >= 500
        post_meeting(
            meeting=meeting,
            lines=lines,
            cash_counted=expected - 500 if short else expected,
            difference_reason="Uang receh kurang Rp500 saat dihitung ulang" if short else "",
            acting_user=acting_user,
            idempotency_key=f"demo-sheet-{meeting.pk}",
        )
        posted += 1
    return posted
