"""Every endpoint with the in-scope manager, a member, the outsider, the auditor and the facilitator."""

import datetime as dt

import pytest

from berdaya.people import services
from berdaya.people.models import Enterprise, Household, Person

NIK = "5201024506900001"


@pytest.fixture
def data(world):
    admin = world.users["admin"]
    world.household = services.create_household(
        acting_user=admin, place=world.banyumulek, kk_number="5201020102030001", head_name="Amaq Sahnan"
    )
    services.update_person(
        acting_user=admin,
        person=world.people_a[1],
        nik=NIK,
        birth_date=dt.date(1990, 6, 5),
        household=world.household,
    )
    world.enterprise = services.create_enterprise(
        acting_user=admin,
        name="Gerabah Inaq",
        place=world.banyumulek,
        product_type="pottery",
        owners=[world.people_a[1]],
        annual_sales=3_000_000_000,
        net_assets=60_000_000,
    )
    return world


@pytest.mark.django_db
class TestPersons:
    def test_list_scoped_and_searchable(self, data, api_for):
        def names(role, **q):
            return {p["full_name"] for p in api_for(role).get("/api/v1/persons/", q).json()["results"]}

        assert "Anggota A1" in names("manager") and "Anggota B1" not in names("manager")
        assert names("member") == {"Anggota A2"}
        assert names("outsider") == {"Anggota B1", "Anggota B2", "Anggota B3"}
        assert names("facilitator") == {f"Anggota A{i}" for i in range(1, 6)}
        assert names("manager", q="A3") == {"Anggota A3"}
        assert names("manager", place="35.71") == set()

    def test_nik_full_only_for_writers(self, data, api_for):
        pk = data.people_a[1].pk
        assert api_for("manager").get(f"/api/v1/persons/{pk}/").json()["nik"] == NIK
        assert api_for("auditor").get(f"/api/v1/persons/{pk}/").json()["nik"] == "5201********0001"
        assert api_for("member").get(f"/api/v1/persons/{pk}/").json()["nik"] == "5201********0001"
        listed = {p["id"]: p["nik"] for p in api_for("auditor").get("/api/v1/persons/").json()["results"]}
        assert listed[pk] == "5201********0001"

    def test_detail_404_out_of_scope(self, data, api_for):
        pk = data.people_a[1].pk
        assert api_for("outsider").get(f"/api/v1/persons/{pk}/").status_code == 404
        assert api_for("member").get(f"/api/v1/persons/{data.people_a[2].pk}/").status_code == 404
        assert api_for("facilitator").get(f"/api/v1/persons/{data.people_b[0].pk}/").status_code == 404

    def test_create(self, data, api_for):
        body = {
            "full_name": "Inaq Baru",
            "sex": "P",
            "place_code": data.banyumulek.code,
            "phone": "+6281234567890",
        }
        r = api_for("manager").post("/api/v1/persons/", body, format="json")
        assert r.status_code == 201, r.content
        assert r.json()["phone"] == "0812-3456-7890"
        for role in ("auditor", "member", "facilitator", "partner"):
            assert (
                api_for(role).post("/api/v1/persons/", body | {"full_name": role}, format="json").status_code
                == 403
            )
        assert Person.objects.filter(full_name="Inaq Baru").count() == 1

    def test_create_service_error_is_400_with_field(self, data, api_for):
        body = {"full_name": "Salah", "sex": "P", "place_code": data.banyumulek.code, "nik": NIK}
        r = api_for("manager").post("/api/v1/persons/", body, format="json")
        assert r.status_code == 400
        assert "Anggota A2" in r.json()["errors"]["nik"]  # duplicate, in the manager's scope
        r = api_for("outsider").post(
            "/api/v1/persons/", body | {"place_code": data.kediri.code}, format="json"
        )
        assert r.json()["errors"]["nik"] == "This NIK is already registered."

    def test_cannot_reference_household_out_of_scope(self, data, api_for):
        body = {"full_name": "X", "sex": "L", "place_code": data.kediri.code, "household": data.household.pk}
        r = api_for("outsider").post("/api/v1/persons/", body, format="json")
        assert r.status_code == 400 and "household" in r.json()

    def test_patch(self, data, api_for):
        pk = data.people_a[2].pk
        r = api_for("facilitator").patch(f"/api/v1/persons/{pk}/", {"phone": "0812 3456 7890"}, format="json")
        assert r.status_code == 200 and r.json()["phone"] == "0812-3456-7890"
        assert r.json()["full_name"] == "Anggota A3"  # untouched fields stay
        assert (
            api_for("auditor").patch(f"/api/v1/persons/{pk}/", {"phone": ""}, format="json").status_code
            == 403
        )
        assert (
            api_for("outsider").patch(f"/api/v1/persons/{pk}/", {"phone": ""}, format="json").status_code
            == 404
        )
        own = data.people_a[1].pk
        assert (
            api_for("member").patch(f"/api/v1/persons/{own}/", {"phone": ""}, format="json").status_code
            == 403
        )
        r = api_for("manager").patch(f"/api/v1/persons/{own}/", {"birth_date": "1990-06-06"}, format="json")
        assert r.status_code == 400 and "nik" in r.json()["errors"]
        assert Person.objects.get(pk=own).birth_date == dt.date(1990, 6, 5)


@pytest.mark.django_db
class TestHouseholds:
    def test_list_detail_and_masking(self, data, api_for):
        pk = data.household.pk
        assert [h["id"] for h in api_for("manager").get("/api/v1/households/").json()["results"]] == [pk]
        assert api_for("manager").get(f"/api/v1/households/{pk}/").json()["kk_number"] == "5201020102030001"
        assert api_for("auditor").get(f"/api/v1/households/{pk}/").json()["kk_number"] == "5201********0001"
        assert api_for("outsider").get(f"/api/v1/households/{pk}/").status_code == 404
        assert api_for("outsider").get("/api/v1/households/").json()["count"] == 0

    def test_create_and_patch(self, data, api_for):
        body = {"place_code": data.banyumulek.code, "head_name": "Baru", "kk_number": "5201 0201 0203 0002"}
        r = api_for("manager").post("/api/v1/households/", body, format="json")
        assert r.status_code == 201 and r.json()["kk_number"] == "5201020102030002"
        assert api_for("auditor").post("/api/v1/households/", body, format="json").status_code == 403
        assert api_for("facilitator").post("/api/v1/households/", body, format="json").status_code == 403
        r = api_for("manager").post("/api/v1/households/", body, format="json")
        assert r.status_code == 400 and "kk_number" in r.json()["errors"]
        pk = data.household.pk
        r = api_for("manager").patch(f"/api/v1/households/{pk}/", {"poverty_registered": True}, format="json")
        assert r.status_code == 200 and r.json()["poverty_registered"] is True
        assert Household.objects.get(pk=pk).head_name == "Amaq Sahnan"  # not reset by the partial update
        assert (
            api_for("auditor")
            .patch(f"/api/v1/households/{pk}/", {"head_name": "Z"}, format="json")
            .status_code
            == 403
        )
        assert (
            api_for("outsider")
            .patch(f"/api/v1/households/{pk}/", {"head_name": "Z"}, format="json")
            .status_code
            == 404
        )


@pytest.mark.django_db
class TestEnterprises:
    def test_size_class_in_output(self, data, api_for):
        pk = data.enterprise.pk
        size = api_for("auditor").get(f"/api/v1/enterprises/{pk}/").json()["size_class"]
        assert (size["rule"], size["basis"], size["figure"], size["size_class"]) == (
            "pp_7_2021",
            "annual_sales",
            3_000_000_000,
            "small",
        )
        assert size["explanation"]
        old = api_for("auditor").get(f"/api/v1/enterprises/{pk}/", {"on": "2020-06-01"}).json()["size_class"]
        assert (old["rule"], old["basis"]) == ("uu_20_2008", "net_assets")
        assert api_for("auditor").get(f"/api/v1/enterprises/{pk}/", {"on": "2020-13-01"}).status_code == 400
        listed = api_for("manager").get("/api/v1/enterprises/").json()["results"]
        assert listed[0]["size_class"]["size_class"] == "small"

    def test_scope(self, data, api_for):
        pk = data.enterprise.pk
        assert api_for("outsider").get(f"/api/v1/enterprises/{pk}/").status_code == 404
        assert api_for("outsider").get("/api/v1/enterprises/").json()["count"] == 0
        assert api_for("member").get(f"/api/v1/enterprises/{pk}/").status_code == 200

    def test_create(self, data, api_for):
        body = {
            "name": "Tenun",
            "product_type": "ikat",
            "place_code": data.banyumulek.code,
            "owners": [data.people_a[0].pk],
            "annual_sales": 5,
        }
        assert api_for("facilitator").post("/api/v1/enterprises/", body, format="json").status_code == 201
        assert api_for("auditor").post("/api/v1/enterprises/", body, format="json").status_code == 403
        assert api_for("member").post("/api/v1/enterprises/", body, format="json").status_code == 403
        r = api_for("outsider").post("/api/v1/enterprises/", body, format="json")
        assert r.status_code == 400 and "owners" in r.json()  # an Alpha member is not hers to name
        r = api_for("manager").post("/api/v1/enterprises/", body | {"annual_sales": -1}, format="json")
        assert r.status_code == 400
        r = api_for("manager").post("/api/v1/enterprises/", body | {"owners": []}, format="json")
        assert r.status_code == 400
        assert Enterprise.objects.filter(name="Tenun").count() == 1

    def test_patch(self, data, api_for):
        pk = data.enterprise.pk
        r = api_for("manager").patch(f"/api/v1/enterprises/{pk}/", {"annual_sales": 100}, format="json")
        assert r.status_code == 200 and r.json()["size_class"]["size_class"] == "micro"
        assert r.json()["owners"] == [data.people_a[1].pk]
        assert (
            api_for("auditor")
            .patch(f"/api/v1/enterprises/{pk}/", {"annual_sales": 1}, format="json")
            .status_code
            == 403
        )
        assert (
            api_for("outsider")
            .patch(f"/api/v1/enterprises/{pk}/", {"annual_sales": 1}, format="json")
            .status_code
            == 404
        )
        assert Enterprise.objects.get(pk=pk).annual_sales == 100


@pytest.mark.django_db
def test_schema_builds(api_for):
    r = api_for("admin").get("/api/v1/schema/")
    assert r.status_code == 200
    assert b"/api/v1/enterprises/{id}/" in r.content
