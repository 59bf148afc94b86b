"""Every page with the in-scope manager, a member, the outsider, the auditor and the facilitator."""

import datetime as dt

import pytest
from django.urls import reverse

from berdaya.people import services
from berdaya.people.models import Enterprise, Household, Person
from berdaya.places.models import Place

NIK = "5201024506900001"


@pytest.fixture
def data(world):
    """A Banyumulek household with two members (one in KUBE Alpha) and her enterprise."""
    admin = world.users["admin"]
    household = services.create_household(
        acting_user=admin, place=world.banyumulek, kk_number="5201020102030001", head_name="Amaq Sahnan"
    )
    services.update_person(
        acting_user=admin,
        person=world.people_a[1],
        nik=NIK,
        birth_date=dt.date(1990, 6, 5),
        household=household,
    )
    # Lives in Kulon Progo, in no programme's area and no group: only the admin sees her.
    far = Place.objects.filter(code__startswith="34.01.", level=Place.Level.VILLAGE).first()
    outside = services.create_person(
        acting_user=admin, full_name="Tetangga Jauh", sex="P", place=far, household=household
    )
    enterprise = services.create_enterprise(
        acting_user=admin,
        name="Gerabah Inaq",
        place=world.banyumulek,
        product_type="pottery",
        owners=[world.people_a[1]],
        annual_sales=3_000_000_000,
        net_assets=60_000_000,
        workers=3,
    )
    world.household, world.enterprise, world.outside = household, enterprise, outside
    return world


def get(client_for, role, name, *args, **params):
    return client_for(role).get(reverse(f"people:{name}", args=args), params)


@pytest.mark.django_db
class TestPersonPages:
    def test_list_is_scoped(self, data, client_for):
        def names(role):
            return {p.full_name for p in get(client_for, role, "person_list").context["page_obj"]}

        assert names("manager") >= {"Anggota A1", "Anggota A5"} and "Anggota B1" not in names("manager")
        assert names("member") == {"Anggota A2"}
        assert names("outsider") & {"Anggota A1", "Anggota A2"} == set()
        assert names("facilitator") == {f"Anggota A{i}" for i in range(1, 6)}
        assert "Anggota A1" in names("auditor")

    def test_list_masks_nik_and_filters(self, data, client_for):
        page = get(client_for, "manager", "person_list").content.decode()
        assert "5201********0001" in page and NIK not in page
        assert [
            p.full_name for p in get(client_for, "manager", "person_list", q=NIK).context["page_obj"]
        ] == ["Anggota A2"]
        # Readers see NIKs masked, so they cannot search by one either.
        assert not get(client_for, "auditor", "person_list", q=NIK).context["page_obj"].object_list
        assert not get(client_for, "manager", "person_list", sex="L").context["page_obj"].object_list
        assert (
            get(client_for, "manager", "person_list", place="52.01").context["page_obj"].paginator.count == 5
        )
        assert not get(client_for, "manager", "person_list", place="35.71").context["page_obj"].object_list

    def test_search_by_phone_however_typed(self, data, client_for):
        services.update_person(acting_user=data.users["admin"], person=data.people_a[3], phone="081234567890")
        r = get(client_for, "manager", "person_list", q="+62 812-3456-7890")
        assert [p.full_name for p in r.context["page_obj"]] == ["Anggota A4"]

    def test_new_button_only_for_managers(self, data, client_for):
        new = reverse("people:person_create")
        assert new in get(client_for, "manager", "person_list").content.decode()
        for role in ("facilitator", "officer", "auditor"):
            assert new not in get(client_for, role, "person_list").content.decode()

    def test_detail_access_and_full_nik_only_for_writers(self, data, client_for):
        pk = data.people_a[1].pk
        manager = get(client_for, "manager", "person_detail", pk)
        assert manager.status_code == 200 and NIK in manager.content.decode()
        assert "KUBE Alpha" in manager.content.decode() and "Gerabah Inaq" in manager.content.decode()
        auditor = get(client_for, "auditor", "person_detail", pk)
        assert auditor.status_code == 200 and NIK not in auditor.content.decode()
        assert "5201********0001" in auditor.content.decode()
        assert get(client_for, "member", "person_detail", pk).status_code == 200  # herself
        assert get(client_for, "member", "person_detail", data.people_a[2].pk).status_code == 404
        assert get(client_for, "outsider", "person_detail", pk).status_code == 404
        assert get(client_for, "facilitator", "person_detail", pk).status_code == 200
        assert get(client_for, "facilitator", "person_detail", data.people_b[0].pk).status_code == 404

    def test_detail_shows_only_groups_in_scope(self, data, client_for):
        from berdaya.groups.models import Membership

        Membership.objects.create(group=data.group_b, person=data.people_a[1], joined_on=dt.date(2024, 3, 1))
        page = get(client_for, "manager", "person_detail", data.people_a[1].pk).content.decode()
        assert "KUBE Alpha" in page and "KUBE Beta" not in page

    def test_create(self, data, client_for):
        url = reverse("people:person_create")
        form = {
            "full_name": "Inaq Baru",
            "sex": "P",
            "place": data.banyumulek.pk,
            "nik": "",
            "phone": "0812 3456 7890",
        }
        r = client_for("manager").post(url, form)
        person = Person.objects.get(full_name="Inaq Baru")
        assert r.status_code == 302 and r["Location"] == reverse("people:person_detail", args=[person.pk])
        assert person.phone == "0812-3456-7890"
        for role in ("auditor", "member", "facilitator", "partner"):
            assert client_for(role).post(url, form | {"full_name": role}).status_code == 403
            assert client_for(role).get(url).status_code == 403
        assert not Person.objects.filter(
            full_name__in=["auditor", "member", "facilitator", "partner"]
        ).exists()

    def test_create_shows_service_error_on_the_field(self, data, client_for):
        form = {"full_name": "Salah", "sex": "L", "place": data.banyumulek.pk, "nik": "5201029999900001"}
        r = client_for("manager").post(reverse("people:person_create"), form)
        assert r.status_code == 200
        assert r.context["form"].errors["nik"]
        assert not Person.objects.filter(full_name="Salah").exists()

    def test_edit(self, data, client_for):
        person = data.people_a[2]
        url = reverse("people:person_edit", args=[person.pk])
        form = {"full_name": "Anggota A3 Baru", "sex": "P", "place": data.banyumulek.pk}
        assert client_for("facilitator").post(url, form).status_code == 302
        person.refresh_from_db()
        assert person.full_name == "Anggota A3 Baru"
        assert client_for("auditor").post(url, form | {"full_name": "Z"}).status_code == 403
        assert client_for("outsider").post(url, form | {"full_name": "Z"}).status_code == 404
        assert (
            client_for("member").get(reverse("people:person_edit", args=[data.people_a[1].pk])).status_code
            == 403
        )
        person.refresh_from_db()
        assert person.full_name == "Anggota A3 Baru"

    def test_pick_suggests_only_persons_in_scope(self, data, client_for):
        r = client_for("outsider").get(reverse("people:person_pick"), {"q": "Anggota"})
        assert "Anggota B1" in r.content.decode() and "Anggota A1" not in r.content.decode()


@pytest.mark.django_db
class TestHouseholdPages:
    def test_list_and_detail(self, data, client_for):
        pk = data.household.pk
        assert [h.pk for h in get(client_for, "manager", "household_list").context["page_obj"]] == [pk]
        page = get(client_for, "manager", "household_detail", pk).content.decode()
        assert "Anggota A2" in page and "5201020102030001" in page
        # The member in Kulon Progo is outside the Alpha manager's scope: counted, not named.
        assert "Tetangga Jauh" not in page and "1 more member is outside your scope" in page
        auditor = get(client_for, "auditor", "household_detail", pk).content.decode()
        assert "5201020102030001" not in auditor and "5201********0001" in auditor
        assert get(client_for, "member", "household_detail", pk).status_code == 200
        assert get(client_for, "outsider", "household_detail", pk).status_code == 404
        assert get(client_for, "officer", "household_list").context["page_obj"].paginator.count == 1

    def test_poverty_flag_shown_and_filtered(self, data, client_for):
        services.update_household(
            acting_user=data.users["admin"], household=data.household, poverty_registered=True
        )
        assert "DTKS" in get(client_for, "manager", "household_detail", data.household.pk).content.decode()
        assert not get(client_for, "manager", "household_list", poverty="0").context["page_obj"].object_list

    def test_create_then_add_members(self, data, client_for):
        url = reverse("people:household_create")
        r = client_for("manager").post(
            url, {"head_name": "Baru", "kk_number": "", "place": data.banyumulek.pk}
        )
        household = Household.objects.get(head_name="Baru")
        assert r["Location"] == reverse("people:person_create") + f"?household={household.pk}"
        for role in ("auditor", "facilitator", "member"):
            assert (
                client_for(role).post(url, {"head_name": role, "place": data.banyumulek.pk}).status_code
                == 403
            )

    def test_create_duplicate_kk_is_shown_on_the_field(self, data, client_for):
        r = client_for("manager").post(
            reverse("people:household_create"), {"kk_number": "5201020102030001", "place": data.banyumulek.pk}
        )
        assert r.status_code == 200 and r.context["form"].errors["kk_number"]

    def test_edit(self, data, client_for):
        url = reverse("people:household_edit", args=[data.household.pk])
        form = {"head_name": "Amaq Baru", "kk_number": "5201020102030001", "place": data.banyumulek.pk}
        assert client_for("auditor").post(url, form).status_code == 403
        assert client_for("outsider").post(url, form).status_code == 404
        assert client_for("manager").post(url, form).status_code == 302
        data.household.refresh_from_db()
        assert data.household.head_name == "Amaq Baru"


@pytest.mark.django_db
class TestEnterprisePages:
    def test_list_shows_size_without_a_query_per_row(self, data, client_for, django_assert_max_num_queries):
        for i in range(5):
            services.create_enterprise(
                acting_user=data.users["admin"],
                name=f"Usaha {i}",
                place=data.banyumulek,
                product_type="x",
                owners=[data.people_a[i]],
                annual_sales=i,
            )
        c = client_for("manager")
        with django_assert_max_num_queries(12):
            r = c.get(reverse("people:enterprise_list"))
        assert r.status_code == 200
        assert ("Small" in r.content.decode()) or ("Kecil" in r.content.decode())
        assert len(r.context["rows"]) == 6

    def test_detail_today_and_another_date(self, data, client_for):
        pk = data.enterprise.pk
        r = get(client_for, "manager", "enterprise_detail", pk, on="2020-06-01")
        assert r.context["today_size"]["rule"] == "pp_7_2021"
        assert r.context["size"]["rule"] == "uu_20_2008" and r.context["size"]["basis"] == "net_assets"
        r = get(client_for, "manager", "enterprise_detail", pk, purpose="registration")
        assert r.context["today_size"]["purpose"] == "registration" and r.context["size"] is None
        assert get(client_for, "manager", "enterprise_detail", pk, on="not-a-date").status_code == 200

    def test_detail_access(self, data, client_for):
        pk = data.enterprise.pk
        assert get(client_for, "auditor", "enterprise_detail", pk).status_code == 200
        assert get(client_for, "member", "enterprise_detail", pk).status_code == 200  # her own
        assert get(client_for, "outsider", "enterprise_detail", pk).status_code == 404
        assert get(client_for, "facilitator", "enterprise_detail", pk).status_code == 200

    def test_new_button_only_for_managers(self, data, client_for):
        new = reverse("people:enterprise_create")
        assert new in get(client_for, "manager", "enterprise_list").content.decode()
        assert new not in get(client_for, "facilitator", "enterprise_list").content.decode()

    def test_create_with_rupiah_as_people_type_it(self, data, client_for):
        form = {
            "name": "Tenun Ikat",
            "product_type": "ikat",
            "sector": "textile",
            "place": data.banyumulek.pk,
            "owners": [data.people_a[0].pk],
            "annual_sales": "Rp 1.500.000",
        }
        r = client_for("facilitator").post(reverse("people:enterprise_create"), form)
        enterprise = Enterprise.objects.get(name="Tenun Ikat")
        assert r.status_code == 302 and enterprise.annual_sales == 1_500_000
        assert client_for("auditor").post(reverse("people:enterprise_create"), form).status_code == 403

    def test_create_cannot_name_an_owner_outside_scope(self, data, client_for):
        form = {"name": "Curang", "product_type": "x", "sector": "other", "place": data.banyumulek.pk}
        r = client_for("manager").post(
            reverse("people:enterprise_create"), form | {"owners": [data.people_b[0].pk]}
        )
        assert r.status_code == 200 and r.context["form"].errors["owners"]
        r = client_for("manager").post(reverse("people:enterprise_create"), form | {"annual_sales": "1,5"})
        assert r.context["form"].errors["annual_sales"]
        assert not Enterprise.objects.filter(name="Curang").exists()

    def test_edit_keeps_owners_outside_scope(self, data, client_for):
        e = data.enterprise
        e.owners.add(data.people_b[0])
        url = reverse("people:enterprise_edit", args=[e.pk])
        form = {
            "name": "Gerabah Baru",
            "product_type": "pottery",
            "sector": "craft",
            "place": data.banyumulek.pk,
        }
        r = client_for("manager").post(url, form | {"owners": [data.people_a[1].pk]})
        assert r.status_code == 302
        assert set(e.owners.values_list("pk", flat=True)) == {data.people_a[1].pk, data.people_b[0].pk}
        assert client_for("auditor").post(url, form | {"owners": [data.people_a[1].pk]}).status_code == 403
        assert client_for("member").post(url, form | {"owners": [data.people_a[1].pk]}).status_code == 403


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    r = client.get(reverse("people:person_list"))
    assert r.status_code == 302 and reverse("login") in r["Location"]


@pytest.mark.django_db
def test_manager_sees_the_household_she_just_created(world, client_for):
    r = client_for("manager").post(
        reverse("people:household_create"), {"head_name": "Kosong", "place": world.banyumulek.pk}
    )
    assert r.status_code == 302
    household = Household.objects.get(head_name="Kosong")
    assert get(client_for, "manager", "household_detail", household.pk).status_code == 200


@pytest.mark.django_db
def test_pickers_answer_what_the_widget_sends(client_for):
    # The search-as-you-type widgets send only "<field>__search" (htmx hx-params), nothing else.
    c = client_for("manager")
    owners = c.get(reverse("people:person_pick"), {"owners__search": "Anggota A"}).content.decode()
    assert "Anggota A1" in owners and 'name="owners"' in owners
    households = c.get(reverse("people:household_pick"), {"household__search": "zzz-nobody"})
    assert households.status_code == 200
