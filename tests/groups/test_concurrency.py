"""Two treasurers on two phones add the same person at the same moment: one wins, the other is told why."""

import datetime as dt
import threading

import pytest
from django.db import connection

from berdaya.core.errors import ServiceError
from berdaya.groups import services
from berdaya.groups.models import Membership
from berdaya.people.models import Person


@pytest.mark.django_db(transaction=True)
def test_concurrent_adds_of_one_person_make_one_membership(world):
    newcomer = Person.objects.create(full_name="Inaq Rahmah", sex="P", place=world.banyumulek)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def add():
        try:
            barrier.wait(timeout=10)
            services.add_member(
                acting_user=world.users["manager"],
                group=world.group_a,
                person=newcomer,
                joined_on=dt.date(2025, 3, 1),
            )
            outcomes.append("added")
        except ServiceError as e:
            outcomes.append(f"refused: {e.message}")
        finally:
            connection.close()

    threads = [threading.Thread(target=add) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(o.split(":")[0] for o in outcomes) == ["added", "refused"]
    assert Membership.objects.filter(group=world.group_a, person=newcomer, left_on__isnull=True).count() == 1
