import pytest
from django.urls import reverse

from berdaya.audit.models import AuditEntry
from berdaya.programs.models import Agency, AgencyRole, Programme, Site, StaffMember, Stage

LELEDE = "52.01.02.2010"


def _url(world, name):
    """Reverse a programs url name with the world's objects (Alpha and its first stage, site, role…)."""
    alpha = world.alpha
    args = {
        "programme_list": [],
        "programme_create": [],
        "programme_detail": [alpha.pk],
        "programme_edit": [alpha.pk],
        "programme_stages": [alpha.pk],
        "stage_remove": [alpha.pk, alpha.stages.first().pk if alpha.stages.exists() else 0],
        "programme_sites": [alpha.pk],
        "site_remove": [alpha.pk, world.site_a.pk],
        "programme_criteria": [alpha.pk],
        "role_matrix": [alpha.pk],
        "role_withdraw": [alpha.pk, AgencyRole.objects.get(site=world.site_a).pk],
        "agency_list": [],
        "agency_create": [],
        "agency_detail": [world.agency.pk],
        "agency_edit": [world.agency.pk],
        "staff_list": [],
        "staff_create": [],
        "staff_detail": [world.staff.pk],
        "staff_edit": [world.staff.pk],
    }[name]
    return reverse(f"programs:{name}", args=args)


@pytest.fixture
def stage(world):
    return Stage.objects.create(programme=world.alpha, order=1, key="growth", name="Growth")


# GET status per role. Alpha is the manager's and auditor's programme; the member belongs to KUBE Alpha;
# the outsider manages Beta only.
GET_MATRIX = {
    "programme_list": {"manager": 200, "auditor": 200, "member": 200, "outsider": 200},
    "programme_create": {"manager": 200, "admin": 200, "auditor": 403, "member": 403, "facilitator": 403},
    "programme_detail": {"manager": 200, "auditor": 200, "member": 200, "outsider": 404, "facilitator": 200},
    "programme_edit": {"manager": 200, "auditor": 403, "member": 403, "outsider": 404},
    "programme_stages": {"manager": 200, "auditor": 200, "member": 200, "outsider": 404},
    "stage_remove": {"manager": 200, "auditor": 403, "member": 403, "outsider": 404},
    "programme_sites": {"manager": 200, "auditor": 200, "outsider": 404},
    "site_remove": {"manager": 200, "auditor": 403, "member": 403, "outsider": 404},
    "programme_criteria": {"manager": 200, "auditor": 403, "member": 403, "outsider": 404},
    "role_matrix": {"manager": 200, "auditor": 200, "partner": 200, "outsider": 404},
    "role_withdraw": {"manager": 200, "auditor": 403, "partner": 403, "outsider": 404},
    "agency_list": {"manager": 200, "auditor": 200, "member": 200},
    "agency_create": {"manager": 200, "admin": 200, "auditor": 403, "facilitator": 403, "member": 403},
    "agency_detail": {"manager": 200, "auditor": 200, "outsider": 200},
    "agency_edit": {"manager": 200, "admin": 200, "auditor": 403, "facilitator": 403, "member": 403},
    "staff_list": {"manager": 200, "auditor": 200, "member": 200},
    "staff_create": {"manager": 200, "admin": 200, "auditor": 403, "facilitator": 403, "member": 403},
    "staff_detail": {"manager": 200, "auditor": 200, "facilitator": 200, "member": 404, "outsider": 404},
    "staff_edit": {"manager": 200, "auditor": 403, "facilitator": 403, "member": 404, "outsider": 404},
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name,role,status", [(n, r, s) for n, roles in GET_MATRIX.items() for r, s in roles.items()]
)
def test_get_permissions(world, client_for, stage, name, role, status):
    assert client_for(role).get(_url(world, name)).status_code == status


@pytest.mark.django_db
def test_pages_need_login(world, client):
    r = client.get(_url(world, "programme_detail"))
    assert r.status_code == 302 and reverse("login") in r["Location"]


# Every write page refuses the read-only auditor with 403 and the outsider with 404, and changes nothing.
POSTS = {
    "programme_edit": {
        "name": "Hacked",
        "model_type": "kube",
        "group_size_min": 5,
        "group_size_max": 20,
        "residence_level": 4,
    },
    "programme_stages": {"action": "add", "name": "Hacked"},
    "stage_remove": {},
    "programme_sites": {"place": "", "notes": ""},
    "site_remove": {},
    "programme_criteria": {"texts": "Hacked"},
    "role_matrix": {"role": "training"},
    "role_withdraw": {},
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(POSTS))
@pytest.mark.parametrize(
    "role,status", [("auditor", 403), ("member", 403), ("partner", 403), ("outsider", 404)]
)
def test_writes_refused(world, client_for, stage, name, role, status):
    before = AuditEntry.objects.exclude(action="login").count()
    assert client_for(role).post(_url(world, name), POSTS[name]).status_code == status
    assert AuditEntry.objects.exclude(action="login").count() == before
    assert Programme.objects.get(pk=world.alpha.pk).name == "Alpha"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["programme_create", "agency_create", "staff_create", "agency_edit", "staff_edit"]
)
@pytest.mark.parametrize("role", ["auditor", "facilitator", "member", "officer"])
def test_only_admin_and_manager_create(world, client_for, name, role):
    before = (Programme.objects.count(), Agency.objects.count(), StaffMember.objects.count())
    r = client_for(role).post(
        _url(world, name), {"name": "X", "kind": "bank", "full_name": "X", "model_type": "kube"}
    )
    assert r.status_code in (403, 404)
    assert (Programme.objects.count(), Agency.objects.count(), StaffMember.objects.count()) == before


@pytest.mark.django_db
def test_outsider_does_not_see_alpha_in_lists(world, client_for):
    page = client_for("outsider").get(_url(world, "programme_list")).content.decode()
    assert "Beta" in page and "Alpha" not in page
    page = client_for("outsider").get(_url(world, "staff_list")).content.decode()
    assert "Pendamping Satu" not in page
    page = client_for("manager").get(_url(world, "staff_list")).content.decode()
    assert "Pendamping Satu" in page


@pytest.mark.django_db
def test_list_search(world, client_for):
    c = client_for("admin")
    r = c.get(_url(world, "programme_list"), {"q": "bet"})
    assert [p.name for p in r.context["page_obj"]] == ["Beta"]
    r = c.get(_url(world, "agency_list"), {"q": "sosial lombok"})
    assert [a.name for a in r.context["page_obj"]] == ["Dinas Sosial Lombok Barat"]
    r = c.get(_url(world, "staff_list"), {"q": "nobody"})
    assert r.status_code == 200 and list(r.context["page_obj"]) == []


@pytest.mark.django_db
def test_manager_creates_and_edits_a_programme(world, client_for):
    c = client_for("manager")
    r = c.post(
        _url(world, "programme_create"),
        {
            "name": "Gamma",
            "model_type": "kube",
            "start_date": "2025-01-01",
            "end_date": "2024-01-01",
            "residence_level": 4,
        },
    )
    assert r.status_code == 200 and r.context["form"].errors["end_date"]
    assert not Programme.objects.filter(name="Gamma").exists()
    r = c.post(_url(world, "programme_create"), {"name": "Gamma", "model_type": "kube", "residence_level": 4})
    gamma = Programme.objects.get(name="Gamma")
    assert r.status_code == 302 and r["Location"] == reverse("programs:programme_detail", args=[gamma.pk])
    assert gamma.stages.count() == 9 and (gamma.group_size_min, gamma.group_size_max) == (5, 20)
    detail = c.get(r["Location"])
    assert detail.status_code == 200 and detail.context["may_edit"]
    r = c.post(
        reverse("programs:programme_edit", args=[gamma.pk]),
        {
            "name": "Gamma",
            "model_type": "kube",
            "group_size_min": 10,
            "group_size_max": 30,
            "residence_level": 5,
            "funding_source": "APBN",
        },
    )
    assert r.status_code == 302
    gamma.refresh_from_db()
    assert (gamma.group_size_min, gamma.group_size_max, gamma.residence_level, gamma.funding_source) == (
        10,
        30,
        5,
        "APBN",
    )


@pytest.mark.django_db
def test_detail_counts_groups_per_stage_with_bounded_queries(
    world, client_for, stage, django_assert_max_num_queries
):
    world.group_a.stage = stage
    world.group_a.save()
    c = client_for("manager")
    with django_assert_max_num_queries(25):
        r = c.get(_url(world, "programme_detail"))
    assert [(s.key, s.group_count) for s in r.context["stages"]] == [("growth", 1)]
    assert r.context["without_stage"] == 0
    assert "Pendamping Satu" in r.content.decode()


@pytest.mark.django_db
def test_stage_page_add_move_rename_remove(world, client_for, stage):
    c = client_for("manager")
    url = _url(world, "programme_stages")
    assert c.post(url, {"action": "add", "name": "Evaluasi"}).status_code == 302
    new = world.alpha.stages.get(name="Evaluasi")
    assert c.post(url, {"action": "up", "stage": new.pk}).status_code == 302
    assert list(world.alpha.stages.order_by("order").values_list("name", flat=True)) == ["Evaluasi", "Growth"]
    c.post(url, {"action": "rename", "stage": new.pk, "name": "Evaluasi akhir"})
    assert Stage.objects.get(pk=new.pk).name == "Evaluasi akhir"
    # A group at the stage blocks removal; the reason is shown and nothing is removed.
    world.group_a.stage = stage
    world.group_a.save()
    remove = reverse("programs:stage_remove", args=[world.alpha.pk, stage.pk])
    assert "core/confirm.html" in [t.name for t in c.get(remove).templates]
    r = c.post(remove, follow=True)
    assert Stage.objects.filter(pk=stage.pk).exists()
    assert any(m.level_tag == "error" for m in r.context["messages"])
    c.post(reverse("programs:stage_remove", args=[world.alpha.pk, new.pk]))
    assert not Stage.objects.filter(pk=new.pk).exists()
    # A stage of another programme cannot be reached through Alpha's url.
    beta_stage = Stage.objects.create(programme=world.beta, order=1, key="x", name="X")
    assert c.post(url, {"action": "up", "stage": beta_stage.pk}).status_code == 404


@pytest.mark.django_db
def test_sites_page_add_and_remove(world, client_for, place):
    c = client_for("manager")
    url = _url(world, "programme_sites")
    lelede = place(LELEDE)
    r = c.post(url, {"place": lelede.pk, "notes": "out-wall"})
    assert r.status_code == 302
    site = Site.objects.get(programme=world.alpha, place=lelede)
    r = c.post(url, {"place": lelede.pk})
    assert r.status_code == 200 and r.context["form"].errors["place"]
    # Banyumulek has a group and a role: refused with the reason, still there.
    c.post(_url(world, "site_remove"))
    assert Site.objects.filter(pk=world.site_a.pk).exists()
    c.post(reverse("programs:site_remove", args=[world.alpha.pk, site.pk]))
    assert not Site.objects.filter(pk=site.pk).exists()


@pytest.mark.django_db
def test_criteria_page(world, client_for):
    c = client_for("manager")
    r = c.post(_url(world, "programme_criteria"), {"texts": "Keluarga miskin\n\nTinggal berdekatan\n"})
    assert r.status_code == 302
    assert list(world.alpha.criteria.values_list("text", flat=True)) == [
        "Keluarga miskin",
        "Tinggal berdekatan",
    ]
    r = c.post(_url(world, "programme_criteria"), {"texts": "Sama\nsama"})
    assert r.status_code == 200 and r.context["form"].errors["texts"]


@pytest.mark.django_db
def test_role_matrix_page_commits_flags_overlap_and_withdraws(world, client_for):
    c = client_for("manager")
    url = _url(world, "role_matrix")
    ngo = Agency.objects.create(name="LSM Bina Warga", kind="ngo")
    r = c.post(
        url, {"site": world.site_a.pk, "agency": ngo.pk, "role": "mentoring", "commitment": "Pendampingan"}
    )
    assert r.status_code == 302
    page = c.get(url)
    html = page.content.decode()
    assert 'class="overlap" data-role="mentoring"' in html
    assert (
        len(page.context["overlaps"]) == 1 and "LSM Bina Warga" in page.context["overlaps"][0]["explanation"]
    )
    # Same agency, same role again: shown on the form, nothing added.
    r = c.post(url, {"site": world.site_a.pk, "agency": ngo.pk, "role": "mentoring"})
    assert r.status_code == 200 and r.context["form"].errors
    assert AgencyRole.objects.filter(agency=ngo).count() == 1
    # A site of another programme is not a choice.
    beta_site = world.beta.sites.get()
    r = c.post(url, {"site": beta_site.pk, "agency": ngo.pk, "role": "training"})
    assert r.status_code == 200 and not AgencyRole.objects.filter(site=beta_site).exists()
    role = AgencyRole.objects.get(agency=ngo)
    withdraw = reverse("programs:role_withdraw", args=[world.alpha.pk, role.pk])
    assert c.get(withdraw).status_code == 200
    c.post(withdraw)
    assert not AgencyRole.objects.filter(pk=role.pk).exists()
    assert c.get(url).context["overlaps"] == []


@pytest.mark.django_db
def test_agency_create_and_edit(world, client_for, place):
    c = client_for("manager")
    r = c.post(
        _url(world, "agency_create"), {"name": "Bank Jatim", "kind": "bank", "place": place("35.71").pk}
    )
    agency = Agency.objects.get(name="Bank Jatim")
    assert r.status_code == 302 and agency.place.code == "35.71"
    r = c.post(_url(world, "agency_create"), {"name": "bank jatim", "kind": "bank"})
    assert r.status_code == 200 and r.context["form"].errors["name"]
    r = c.post(
        reverse("programs:agency_edit", args=[agency.pk]), {"name": "Bank Jatim Kediri", "kind": "bank"}
    )
    assert r.status_code == 302
    agency.refresh_from_db()
    assert agency.name == "Bank Jatim Kediri" and agency.place is None


@pytest.mark.django_db
def test_staff_create_detail_and_edit(world, client_for):
    c = client_for("manager")
    data = {"full_name": "Wahyu", "kind": "mentor", "duties": "Kunjungan", "trained_on": "2025-01-13"}
    r = c.post(_url(world, "staff_create"), data)
    assert r.status_code == 200 and r.context["form"].errors["programmes"]  # a manager must pick a programme
    r = c.post(_url(world, "staff_create"), {**data, "programmes": [world.alpha.pk]})
    staff = StaffMember.objects.get(full_name="Wahyu")
    assert r.status_code == 302 and staff.trained
    # The outsider's programme is not a choice for Alpha's manager.
    r = c.post(_url(world, "staff_create"), {**data, "full_name": "Other", "programmes": [world.beta.pk]})
    assert r.status_code == 200 and not StaffMember.objects.filter(full_name="Other").exists()
    detail = c.get(reverse("programs:staff_detail", args=[staff.pk])).content.decode()
    assert "Kunjungan" in detail and 'data-testid="trained"' in detail
    r = c.post(
        reverse("programs:staff_edit", args=[staff.pk]),
        {"full_name": "Wahyu H", "kind": "facilitator", "programmes": [world.alpha.pk], "active": "on"},
    )
    assert r.status_code == 302
    staff.refresh_from_db()
    assert (staff.full_name, staff.kind) == ("Wahyu H", "facilitator")


@pytest.mark.django_db
def test_staff_detail_lists_assignments_in_scope(world, client_for):
    r = client_for("manager").get(_url(world, "staff_detail"))
    assert [a.group.name for a in r.context["assignments"]] == ["KUBE Alpha"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["programme_list", "agency_list", "staff_list"])
def test_lists_do_not_query_per_row(world, client_for, name, django_assert_max_num_queries):
    c = client_for("admin")
    c.get(_url(world, name))  # warm up session and user
    for i in range(30):
        agency = Agency.objects.create(name=f"Agency {i:02d}", kind="ngo", place=world.banyumulek)
        programme = Programme.objects.create(name=f"Programme {i:02d}", model_type="kube")
        StaffMember.objects.create(full_name=f"Staff {i:02d}", kind="mentor", agency=agency).programmes.add(
            programme
        )
    with django_assert_max_num_queries(12):
        r = c.get(_url(world, name))
    assert r.status_code == 200 and len(r.context["page_obj"]) == 25
