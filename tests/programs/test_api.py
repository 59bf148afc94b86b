import pytest

from berdaya.programs.models import Agency, AgencyRole, Programme, Site, StaffMember, Stage

LELEDE = "52.01.02.2010"


@pytest.fixture
def stage(world):
    return Stage.objects.create(programme=world.alpha, order=1, key="growth", name="Growth")


def _paths(world, stage):
    a = world.alpha.pk
    return {
        "programme": f"/api/v1/programmes/{a}/",
        "stages": f"/api/v1/programmes/{a}/stages/",
        "stage": f"/api/v1/programmes/{a}/stages/{stage.pk}/",
        "sites": f"/api/v1/programmes/{a}/sites/",
        "site": f"/api/v1/programmes/{a}/sites/{world.site_a.pk}/",
        "roles": f"/api/v1/programmes/{a}/roles/",
        "role": f"/api/v1/programmes/{a}/roles/{AgencyRole.objects.get(site=world.site_a).pk}/",
        "agency": f"/api/v1/agencies/{world.agency.pk}/",
        "staff": f"/api/v1/staff/{world.staff.pk}/",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "key,role,status",
    [
        ("programme", "manager", 200),
        ("programme", "auditor", 200),
        ("programme", "member", 200),
        ("programme", "outsider", 404),
        ("stages", "auditor", 200),
        ("stages", "outsider", 404),
        ("sites", "auditor", 200),
        ("sites", "outsider", 404),
        ("roles", "auditor", 200),
        ("roles", "partner", 200),
        ("roles", "outsider", 404),
        ("agency", "member", 200),
        ("staff", "manager", 200),
        ("staff", "auditor", 200),
        ("staff", "member", 404),
        ("staff", "outsider", 404),
    ],
)
def test_reads(world, api_for, stage, key, role, status):
    assert api_for(role).get(_paths(world, stage)[key]).status_code == status


WRITES = [
    ("patch", "programme", {"name": "Hacked"}),
    ("post", "stages", {"name": "Hacked"}),
    ("patch", "stage", {"name": "Hacked"}),
    ("delete", "stage", None),
    ("post", "sites", {"place_code": LELEDE}),
    ("delete", "site", None),
    ("post", "roles", {"site": 0, "agency": 0, "role": "training"}),
    ("delete", "role", None),
]


@pytest.mark.django_db
@pytest.mark.parametrize("method,key,body", WRITES)
@pytest.mark.parametrize(
    "role,status", [("auditor", 403), ("member", 403), ("partner", 403), ("outsider", 404)]
)
def test_programme_writes_refused(world, api_for, stage, method, key, body, role, status):
    r = getattr(api_for(role), method)(_paths(world, stage)[key], body, format="json")
    assert r.status_code == status
    assert Programme.objects.get(pk=world.alpha.pk).name == "Alpha"
    assert Stage.objects.filter(pk=stage.pk, name="Growth").exists()
    assert Site.objects.filter(programme=world.alpha).count() == 1
    assert AgencyRole.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["auditor", "facilitator", "member", "officer", "partner"])
def test_only_admin_and_manager_create(world, api_for, role):
    c = api_for(role)
    assert (
        c.post("/api/v1/programmes/", {"name": "X", "model_type": "kube"}, format="json").status_code == 403
    )
    assert c.post("/api/v1/agencies/", {"name": "X", "kind": "bank"}, format="json").status_code == 403
    assert c.post("/api/v1/staff/", {"full_name": "X", "kind": "mentor"}, format="json").status_code == 403
    assert c.patch(f"/api/v1/agencies/{world.agency.pk}/", {"name": "X"}, format="json").status_code == 403
    assert not Programme.objects.filter(name="X").exists()
    assert not Agency.objects.filter(name="X").exists()
    assert not StaffMember.objects.filter(full_name="X").exists()


@pytest.mark.django_db
def test_programme_list_scoped_and_searchable(world, api_for):
    names = [p["name"] for p in api_for("outsider").get("/api/v1/programmes/").json()["results"]]
    assert names == ["Beta"]
    names = [p["name"] for p in api_for("admin").get("/api/v1/programmes/", {"q": "alp"}).json()["results"]]
    assert names == ["Alpha"]


@pytest.mark.django_db
def test_manager_creates_and_changes_a_programme(world, api_for):
    c = api_for("manager")
    r = c.post("/api/v1/programmes/", {"name": "Gamma", "model_type": "kube"}, format="json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert [s["order"] for s in body["stages"]] == list(range(1, 10))
    assert (body["group_size_min"], body["group_size_max"]) == (5, 20)
    pk = body["id"]
    r = c.post(
        "/api/v1/programmes/",
        {"name": "Delta", "model_type": "migrant", "stages": ["Prakondisi", "PRA", "Evaluasi"]},
        format="json",
    )
    assert [s["key"] for s in r.json()["stages"]] == ["prakondisi", "pra", "evaluasi"]
    r = c.patch(f"/api/v1/programmes/{pk}/", {"group_size_min": 50}, format="json")
    assert r.status_code == 400 and "group_size_max" in r.json()["errors"]
    r = c.patch(
        f"/api/v1/programmes/{pk}/",
        {"funding_source": "APBN", "criteria": ["Keluarga miskin", "Usaha sejenis"]},
        format="json",
    )
    assert r.status_code == 200
    assert r.json()["funding_source"] == "APBN" and r.json()["criteria"] == [
        "Keluarga miskin",
        "Usaha sejenis",
    ]
    # Both or neither: a refused criteria list leaves the funding source as it was.
    r = c.patch(
        f"/api/v1/programmes/{pk}/", {"funding_source": "APBD", "criteria": ["A", "a"]}, format="json"
    )
    assert r.status_code == 400
    assert Programme.objects.get(pk=pk).funding_source == "APBN"


@pytest.mark.django_db
def test_stage_endpoints(world, api_for, stage):
    c = api_for("manager")
    paths = _paths(world, stage)
    r = c.post(paths["stages"], {"name": "Evaluasi"}, format="json")
    assert r.status_code == 201 and r.json()["order"] == 2
    new_pk = r.json()["id"]
    r = c.patch(f"/api/v1/programmes/{world.alpha.pk}/stages/{new_pk}/", {"move": "up"}, format="json")
    assert [s["name"] for s in r.json()] == ["Evaluasi", "Growth"]
    r = c.patch(f"/api/v1/programmes/{world.alpha.pk}/stages/{new_pk}/", {"move": "up"}, format="json")
    assert r.status_code == 400 and r.json()["detail"]
    world.group_a.stage = stage
    world.group_a.save()
    assert c.delete(paths["stage"]).status_code == 400
    assert c.delete(f"/api/v1/programmes/{world.alpha.pk}/stages/{new_pk}/").status_code == 204
    assert list(world.alpha.stages.values_list("name", "order")) == [("Growth", 1)]


@pytest.mark.django_db
def test_site_endpoints(world, api_for, stage):
    c = api_for("manager")
    paths = _paths(world, stage)
    r = c.post(paths["sites"], {"place_code": LELEDE, "notes": "out-wall"}, format="json")
    assert r.status_code == 201 and r.json()["place_code"] == LELEDE
    assert c.post(paths["sites"], {"place_code": LELEDE}, format="json").status_code == 400
    assert c.post(paths["sites"], {"place_code": "99.99"}, format="json").status_code == 400
    assert c.delete(paths["site"]).status_code == 400  # KUBE Alpha and a role are there
    assert c.delete(f"{paths['sites']}{r.json()['id']}/").status_code == 204


@pytest.mark.django_db
def test_roles_matrix_commit_and_withdraw(world, api_for, stage):
    c = api_for("manager")
    paths = _paths(world, stage)
    ngo = Agency.objects.create(name="LSM Bina Warga", kind="ngo")
    r = c.post(
        paths["roles"], {"site": world.site_a.pk, "agency": ngo.pk, "role": "mentoring"}, format="json"
    )
    assert r.status_code == 201, r.content
    matrix = c.get(paths["roles"]).json()
    (row,) = matrix["rows"]
    mentoring = next(cell for cell in row["cells"] if cell["role"] == "mentoring")
    assert mentoring["overlap"] is True and len(mentoring["commitments"]) == 2
    assert next(cell for cell in row["cells"] if cell["role"] == "credit")["gap"] is True
    (overlap,) = matrix["overlaps"]
    assert overlap["agencies"] == [world.agency.pk, ngo.pk]  # by agency name: Dinas Sosial…, LSM…
    beta_site = world.beta.sites.get()
    r = c.post(paths["roles"], {"site": beta_site.pk, "agency": ngo.pk, "role": "training"}, format="json")
    assert r.status_code == 400 and not AgencyRole.objects.filter(site=beta_site).exists()
    assert c.delete(paths["role"]).status_code == 204
    assert c.get(paths["roles"]).json()["overlaps"] == []


@pytest.mark.django_db
def test_agency_and_staff_endpoints(world, api_for):
    c = api_for("manager")
    r = c.post(
        "/api/v1/agencies/", {"name": "Bank Jatim", "kind": "bank", "place_code": "35.71"}, format="json"
    )
    assert r.status_code == 201 and r.json()["place_code"] == "35.71"
    agency_pk = r.json()["id"]
    assert (
        c.post("/api/v1/agencies/", {"name": "BANK JATIM", "kind": "bank"}, format="json").status_code == 400
    )
    r = c.patch(f"/api/v1/agencies/{agency_pk}/", {"contact": "0354-123"}, format="json")
    assert r.json()["contact"] == "0354-123"
    assert "Bank Jatim" in [a["name"] for a in c.get("/api/v1/agencies/", {"q": "jatim"}).json()["results"]]

    r = c.post("/api/v1/staff/", {"full_name": "Ika", "kind": "mentor"}, format="json")
    assert r.status_code == 400  # a manager's staff must belong to one of their programmes
    r = c.post(
        "/api/v1/staff/", {"full_name": "Ika", "kind": "mentor", "programmes": [world.beta.pk]}, format="json"
    )
    assert r.status_code == 400
    r = c.post(
        "/api/v1/staff/",
        {
            "full_name": "Ika",
            "kind": "mentor",
            "agency": agency_pk,
            "programmes": [world.alpha.pk],
            "trained_on": "2025-02-17",
            "sanctions": "Teguran",
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["trained"] is True and body["programmes"] == [world.alpha.pk]
    r = c.patch(f"/api/v1/staff/{body['id']}/", {"active": False}, format="json")
    assert r.json()["active"] is False
    names = [s["full_name"] for s in c.get("/api/v1/staff/").json()["results"]]
    assert names == ["Ika", "Pendamping Satu"]
    assert api_for("outsider").get("/api/v1/staff/").json()["results"] == []
    # The outsider may not edit staff outside their scope: 404, not 403.
    assert (
        api_for("outsider").patch(f"/api/v1/staff/{body['id']}/", {"phone": "1"}, format="json").status_code
        == 404
    )


@pytest.mark.django_db
def test_schema_builds(world, api_for):
    r = api_for("admin").get("/api/v1/schema/")
    assert r.status_code == 200
    assert b"/api/v1/programmes/{id}/roles/" in r.content
