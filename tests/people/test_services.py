import datetime as dt

import pytest

from berdaya.audit.models import AuditEntry
from berdaya.core.errors import ServiceError
from berdaya.people import services
from berdaya.people.models import Enterprise, Household, Person

# Kediri district of Lombok Barat (52.01.02), born 5 June 1990, serial 0001; women add 40 to the day.
NIK_WOMAN = "5201024506900001"
NIK_MAN = "5201020506900002"


def nik_error(nik, **kwargs) -> str:
    with pytest.raises(ServiceError) as e:
        services.clean_nik(nik, **kwargs)
    assert set(e.value.field_errors) == {"nik"}
    return e.value.field_errors["nik"]


class TestCleanNik:
    def test_empty_is_none_and_separators_are_stripped(self):
        assert services.clean_nik(None) is None
        assert services.clean_nik("") is None
        assert services.clean_nik("  ") is None
        assert services.clean_nik("5201.0245.0690.0001") == NIK_WOMAN
        assert services.clean_nik(" 5201 0245 0690 0001 ") == NIK_WOMAN

    def test_length_and_digits(self):
        assert "16 digits" in nik_error("520102450690000")
        assert "16 digits" in nik_error("52010245069000011")
        assert "16 digits" in nik_error("520102450690000X")

    def test_unknown_province(self):
        assert "00" in nik_error("0001024506900001")

    def test_unknown_regency_or_district(self):
        assert "52.99.02" in nik_error("5299024506900001")
        assert "52.01.00" in nik_error("5201004506900001")

    def test_impossible_birth_date(self):
        assert "321390" in nik_error("5201023213900001")  # day 32, month 13
        # A woman's day 71 is day 31, and 31 February does not exist.
        assert "710290" in nik_error("5201027102900003")

    def test_serial_0000(self):
        assert "0000" in nik_error("5201024506900000")

    def test_woman_day_plus_40(self):
        assert services.clean_nik(NIK_WOMAN, sex="P", birth_date=dt.date(1990, 6, 5)) == NIK_WOMAN
        message = nik_error(NIK_WOMAN, sex="L")
        assert "female" in message and "male" in message

    def test_man_given_as_woman(self):
        assert "day 05" in nik_error(NIK_MAN, sex="P")

    def test_birth_date_disagreement_names_the_part(self):
        day = nik_error(NIK_WOMAN, birth_date=dt.date(1990, 6, 6))
        assert "day and month" in day and "05-06" in day
        year = nik_error(NIK_WOMAN, birth_date=dt.date(1991, 6, 5))
        assert "year" in year and "1991" in year

    def test_only_two_digit_year_is_compared(self):
        # The NIK has no century: 2090 cannot be told from 1990, so it is not refused.
        assert services.clean_nik(NIK_WOMAN, birth_date=dt.date(1890, 6, 5)) == NIK_WOMAN


class TestCleanPhone:
    def test_national_format(self):
        assert services.clean_phone("+62 812 3456 7890") == "0812-3456-7890"
        assert services.clean_phone("081234567890") == "0812-3456-7890"
        assert services.clean_phone(None) == ""
        assert services.clean_phone("  ") == ""

    def test_invalid(self):
        with pytest.raises(ServiceError) as e:
            services.clean_phone("12345")
        assert "phone" in e.value.field_errors


@pytest.mark.django_db
class TestPersons:
    def test_create_cleans_and_audits(self, world):
        person = services.create_person(
            acting_user=world.users["manager"],
            full_name="  Inaq Sumiati ",
            sex="P",
            place=world.banyumulek,
            birth_date=dt.date(1990, 6, 5),
            nik="5201 0245 0690 0001",
            phone="+6281234567890",
        )
        person.refresh_from_db()
        assert (person.full_name, person.nik, person.phone) == ("Inaq Sumiati", NIK_WOMAN, "0812-3456-7890")
        entry = AuditEntry.objects.get(object_type="people.person", object_id=str(person.pk))
        assert entry.action == "create" and entry.actor == world.users["manager"]

    def test_invalid_nik_saves_nothing(self, world):
        before = Person.objects.count()
        with pytest.raises(ServiceError):
            services.create_person(
                acting_user=world.users["manager"],
                full_name="X",
                sex="L",
                place=world.banyumulek,
                nik=NIK_WOMAN,
            )
        assert Person.objects.count() == before
        assert not AuditEntry.objects.filter(object_type="people.person").exists()

    def test_required_fields(self, world):
        with pytest.raises(ServiceError) as e:
            services.create_person(
                acting_user=world.users["manager"], full_name=" ", sex="P", place=world.banyumulek
            )
        assert "full_name" in e.value.field_errors
        with pytest.raises(ServiceError) as e:
            services.create_person(
                acting_user=world.users["manager"], full_name="A", sex="X", place=world.banyumulek
            )
        assert "sex" in e.value.field_errors
        with pytest.raises(ServiceError) as e:
            services.create_person(acting_user=world.users["manager"], full_name="A", sex="P", place=None)
        assert "place" in e.value.field_errors

    def test_future_birth_date_refused(self, world):
        with pytest.raises(ServiceError) as e:
            services.create_person(
                acting_user=world.users["manager"],
                full_name="A",
                sex="P",
                place=world.banyumulek,
                birth_date=dt.date.today() + dt.timedelta(days=2),
            )
        assert "birth_date" in e.value.field_errors

    def test_duplicate_nik_names_person_only_in_scope(self, world):
        services.update_person(acting_user=world.users["admin"], person=world.people_a[2], nik=NIK_WOMAN)
        with pytest.raises(ServiceError) as e:
            services.create_person(
                acting_user=world.users["manager"],
                full_name="B",
                sex="P",
                place=world.banyumulek,
                nik=NIK_WOMAN,
            )
        assert "Anggota A3" in e.value.message and e.value.code == "duplicate"
        # The Beta manager may not see Alpha's members: the message must not name her.
        with pytest.raises(ServiceError) as e:
            services.create_person(
                acting_user=world.users["outsider"], full_name="B", sex="P", place=world.kediri, nik=NIK_WOMAN
            )
        assert "Anggota" not in e.value.message
        assert e.value.field_errors["nik"] == "This NIK is already registered."

    def test_update_rechecks_the_whole_record_and_audits_before_after(self, world):
        person = world.people_a[2]
        services.update_person(
            acting_user=world.users["manager"], person=person, nik=NIK_WOMAN, birth_date=dt.date(1990, 6, 5)
        )
        # Changing only the birth date is checked against the NIK already stored.
        with pytest.raises(ServiceError) as e:
            services.update_person(
                acting_user=world.users["manager"], person=person, birth_date=dt.date(1990, 7, 5)
            )
        assert "nik" in e.value.field_errors
        person.refresh_from_db()
        assert person.birth_date == dt.date(1990, 6, 5)
        entry = AuditEntry.objects.filter(object_type="people.person", action="update").latest("pk")
        assert entry.changes["nik"] == [None, NIK_WOMAN]

    def test_update_without_change_writes_no_audit(self, world):
        person = world.people_a[2]
        services.update_person(acting_user=world.users["manager"], person=person, full_name=person.full_name)
        assert not AuditEntry.objects.filter(object_type="people.person", action="update").exists()

    def test_update_unknown_field_is_a_bug(self, world):
        with pytest.raises(TypeError):
            services.update_person(acting_user=world.users["manager"], person=world.people_a[0], nikk="1")


@pytest.mark.django_db
class TestHouseholds:
    def test_kk_rules(self, world):
        m = world.users["manager"]
        h = services.create_household(acting_user=m, place=world.banyumulek, kk_number="5201.0201.0203.0001")
        assert h.kk_number == "5201020102030001"
        with pytest.raises(ServiceError) as e:
            services.create_household(acting_user=m, place=world.banyumulek, kk_number="12345")
        assert "kk_number" in e.value.field_errors
        with pytest.raises(ServiceError) as e:
            services.create_household(acting_user=m, place=world.banyumulek, kk_number="5201020102030001")
        assert e.value.code == "duplicate"
        # Several households without a KK number are fine (NULL is not a duplicate).
        services.create_household(acting_user=m, place=world.banyumulek, kk_number="")
        services.create_household(acting_user=m, place=world.banyumulek)
        assert Household.objects.filter(kk_number__isnull=True).count() == 2

    def test_registry_id_needs_the_flag(self, world):
        m = world.users["manager"]
        with pytest.raises(ServiceError) as e:
            services.create_household(acting_user=m, place=world.banyumulek, poverty_registry_id="DTKS-1")
        assert "poverty_registered" in e.value.field_errors
        h = services.create_household(
            acting_user=m, place=world.banyumulek, poverty_registered=True, poverty_registry_id="DTKS-1"
        )
        services.update_household(acting_user=m, household=h, head_name="Amaq Sahnan")
        h.refresh_from_db()
        assert h.head_name == "Amaq Sahnan" and h.poverty_registry_id == "DTKS-1"
        assert AuditEntry.objects.filter(object_type="people.household", action="update").count() == 1


@pytest.mark.django_db
class TestEnterprises:
    def make(self, world, **kwargs):
        values = {
            "acting_user": world.users["manager"],
            "name": "Gerabah Inaq",
            "place": world.banyumulek,
            "product_type": "pottery",
            "owners": [world.people_a[0]],
        }
        return services.create_enterprise(**(values | kwargs))

    @pytest.mark.parametrize("field", ["net_assets", "business_capital", "annual_sales"])
    @pytest.mark.parametrize("value", [-1, 1.5, "1000", True])
    def test_money_must_be_whole_non_negative_rupiah(self, world, field, value):
        with pytest.raises(ServiceError) as e:
            self.make(world, **{field: value})
        assert field in e.value.field_errors
        assert not Enterprise.objects.exists()

    def test_zero_and_unknown_money_are_fine(self, world):
        e = self.make(world, net_assets=0, annual_sales=None, business_capital=1_000_000)
        assert (e.net_assets, e.annual_sales, e.business_capital) == (0, None, 1_000_000)

    def test_negative_workers_and_bad_sector(self, world):
        with pytest.raises(ServiceError) as e:
            self.make(world, workers=-2)
        assert "workers" in e.value.field_errors
        with pytest.raises(ServiceError) as e:
            self.make(world, sector="mining")
        assert "sector" in e.value.field_errors

    def test_owners_are_audited_and_updated(self, world):
        e = self.make(world)
        created = AuditEntry.objects.get(object_type="people.enterprise", action="create")
        assert created.changes["owner_ids"] == [None, [world.people_a[0].pk]]
        services.update_enterprise(
            acting_user=world.users["manager"], enterprise=e, owners=[world.people_a[0], world.people_a[1]]
        )
        assert set(e.owners.values_list("pk", flat=True)) == {world.people_a[0].pk, world.people_a[1].pk}
        updated = AuditEntry.objects.get(object_type="people.enterprise", action="update")
        assert set(updated.changes) == {"owner_ids"}

    def test_update_money_is_checked(self, world):
        e = self.make(world, annual_sales=10)
        with pytest.raises(ServiceError):
            services.update_enterprise(acting_user=world.users["manager"], enterprise=e, annual_sales=-10)
        e.refresh_from_db()
        assert e.annual_sales == 10
