"""Property: whatever mix of repeated, cut and emptied rows arrives, in whatever order, every row is
accounted for (one kept submission or one counted duplicate) and no submission id is stored twice."""

import csv
import io

import pytest
from django.db.models import Count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from berdaya.fieldwork.odk import services
from berdaya.fieldwork.odk.models import Submission


@pytest.fixture
def base_rows(export):
    text = export("odk_central_visits.csv").decode()
    return list(csv.DictReader(io.StringIO(text)))


row_ops = st.lists(
    st.tuples(st.integers(0, 7), st.sampled_from(["as_is", "drop_mentor", "blank_date", "garble_date"])),
    min_size=1,
    max_size=12,
)


@pytest.mark.django_db
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=row_ops)
def test_every_row_is_accounted_for(world, specs, base_rows, ops):
    rows = []
    for index, op in ops:
        row = dict(base_rows[index])
        if op == "drop_mentor":
            row.pop("visit-mentor")
        elif op == "blank_date":
            row["visit-visited_on"] = ""
        elif op == "garble_date":
            row["visit-visited_on"] = "2025-13-45"
        rows.append(row)
    result = services.ingest(
        spec=specs["visit"], rows=enumerate(rows, start=2), source="api", acting_user=world.users["admin"]
    )
    kept = Submission.objects.filter(batch_id=result.batch_id).count()
    assert result.rows == len(rows) == kept + result.duplicates
    assert result.mapped + result.rejected + result.duplicates == len(rows)
    assert [o.row for o in result.outcomes] == list(range(2, len(rows) + 2))
    twice = Submission.objects.exclude(instance_id="").values("form_id", "instance_id")
    assert not twice.annotate(n=Count("pk")).filter(n__gt=1).exists()
