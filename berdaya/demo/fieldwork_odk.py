"""Demo field forms (seed 000): Baiq Rina Hartati logs her Banyumulek visits on KoboCollect.

The export of her phone's visit log (ODK Central CSV shape) is ingested as an upload: two visits to KUBE
Mele Maju recorded, one row rejected because the date was typed as "31/11" (the reason is shown on the
submission, ready to be corrected and sent again), one row sent twice and counted as already received.
A KoboToolbox server is configured for the programme (inactive: the demo has no network).
Everything goes through ``odk.services``; submission ids make a second run add nothing.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from berdaya.groups.models import Group
from berdaya.programs.models import StaffMember

from ..fieldwork.odk import services
from ..fieldwork.odk.models import FormSource, ImportBatch, Submission
from ..fieldwork.odk.xlsform import spec_for

RINA, MELE = "Baiq Rina Hartati", "KUBE Mele Maju"


def _row(version, programme, mentor, group, uuid, day, technique, uep, uks, issues, actions, next_on) -> dict:
    return {
        "SubmissionDate": f"{day}T10:12:03.000Z",
        "scope": str(programme.pk),
        "form_version": version,
        "visit-visited_on": day,
        "visit-mentor": f"m{mentor.pk}",
        "visit-technique": technique,
        "visit-visit_to": "group",
        "visit-group": f"g{group.pk}",
        "visit-person": "",
        "visit-productive_topics": uep,
        "visit-welfare_topics": uks,
        "visit-issues": issues,
        "visit-actions": actions,
        "visit-next_visit_on": next_on,
        "meta-instanceID": f"uuid:{uuid}",
        "KEY": f"uuid:{uuid}",
        "SubmitterName": "rina.hartati",
        "DeviceID": "collect:Rn4tB8mLq2Zs",
        "FormVersion": version,
    }


def load(*, acting_user) -> int:
    group = Group.objects.filter(name=MELE).select_related("programme").first()
    mentor = StaffMember.objects.filter(full_name=RINA).first()
    if group is None or mentor is None:
        return 0  # a trimmed dataset
    programme = group.programme
    spec = spec_for("visit", programme.pk)
    today = timezone.localdate()
    first, second = today - dt.timedelta(days=9), today - dt.timedelta(days=2)
    rows = [
        _row(spec.version, programme, mentor, group, "5b0e9c1a-7d3f-4a2e-9c61-demo00000001", first.isoformat(),
             "discussion", "Pembagian pesanan 200 kendi; kualitas glasir", "", "Dua tungku bergantian",
             "Jadwal pembakaran bersama", (first + dt.timedelta(days=14)).isoformat()),
        _row(spec.version, programme, mentor, group, "5b0e9c1a-7d3f-4a2e-9c61-demo00000002", "31/11",
             "home_visit", "Harga jual tanpa juragan", "", "", "", ""),
        _row(spec.version, programme, mentor, group, "5b0e9c1a-7d3f-4a2e-9c61-demo00000003", second.isoformat(),
             "lecture", "Pencatatan kas dan angsuran", "Anak putus sekolah", "", "", ""),
    ]  # fmt: skip
    rows.append(dict(rows[0]))  # the phone sent the first visit twice
    before = Submission.objects.count() + ImportBatch.objects.count() + FormSource.objects.count()
    # Re-ingesting would only count duplicates, but it would also add an empty batch: skip it.
    if not Submission.objects.filter(form_id=spec.form_id, instance_id__endswith="demo00000001").exists():
        services.ingest(
            spec=spec,
            rows=enumerate(rows, start=2),
            source=ImportBatch.Source.FILE,
            acting_user=acting_user,
            filename="berdaya_visit_log_rina.csv",
        )
    if not FormSource.objects.filter(programme=programme, name="KoboToolbox Lombok Barat").exists():
        services.save_source(
            programme=programme,
            acting_user=acting_user,
            token="demo-kobo-token-not-real-0000",
            name="KoboToolbox Lombok Barat",
            server=FormSource.Server.KOBO,
            form_kind="visit",
            scope_id=programme.pk,
            base_url="https://kf.kobotoolbox.org",
            project="aDemoVisitLogBanyumulek",
            active=False,
        )
    return Submission.objects.count() + ImportBatch.objects.count() + FormSource.objects.count() - before
