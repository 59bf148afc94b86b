import pytest
from django.urls import reverse

from berdaya.core.errors import ServiceError
from berdaya.places.models import Place
from berdaya.places.services import add_free_place, load_regions
from berdaya.places.zones import WIB, WIT, WITA, zone_for_code


def test_zones_by_province():
    assert zone_for_code("52.01.02.2006") == WITA  # Lombok is WITA
    assert zone_for_code("35.71") == WIB
    assert zone_for_code("34.71") == WIB
    assert zone_for_code("73") == WITA
    assert zone_for_code("91.01") == WIT
    assert zone_for_code("81") == WIT


@pytest.mark.django_db
def test_loaded_tree_has_parents_paths_and_zones():
    village = Place.objects.get(code="52.01.02.2006")
    assert village.name == "Banyumulek"
    assert village.kind == Place.Kind.DESA
    assert village.parent.code == "52.01.02"
    assert village.parent.parent.parent.code == "52"
    assert village.path.endswith("Nusa Tenggara Barat")
    assert village.timezone == WITA
    assert Place.objects.get(code="35.71").kind == Place.Kind.KOTA


@pytest.mark.django_db
def test_loading_again_changes_nothing():
    before = Place.objects.count()
    assert load_regions(only=["52.01"])["created"] == 0
    assert Place.objects.count() == before


@pytest.mark.django_db
def test_free_levels_keep_the_code_prefix(world):
    village = world.banyumulek
    dusun = add_free_place(
        parent=village, kind="dusun", name="Dusun Gerabah", acting_user=world.users["manager"]
    )
    rw = add_free_place(parent=dusun, kind="rw", name="RW 01", acting_user=world.users["manager"])
    rt = add_free_place(parent=rw, kind="rt", name="RT 03", acting_user=world.users["manager"])
    assert rt.code.startswith(village.code + ".")
    assert rt.timezone == WITA
    assert set(Place.objects.filter(village.subtree_q(prefix="")).values_list("pk", flat=True)) >= {
        dusun.pk,
        rw.pk,
        rt.pk,
    }
    with pytest.raises(ServiceError):
        add_free_place(parent=village, kind="dusun", name="dusun gerabah", acting_user=world.users["manager"])
    with pytest.raises(ServiceError):
        add_free_place(
            parent=village, kind="rt", name="RT 9", acting_user=world.users["manager"]
        )  # RT needs a dusun or RW


@pytest.mark.django_db
def test_search_by_name_and_code(client_for):
    c = client_for("member")
    r = c.get(reverse("places:autocomplete"), {"q": "banyumulek"})
    assert "52.01.02.2006" in r.content.decode()
    r = c.get(reverse("places:place_list"), {"q": "5201022006"})
    assert "Banyumulek" in r.content.decode()


@pytest.mark.django_db
def test_api_lists_children_and_auditor_cannot_add(api_for):
    r = api_for("member").get("/api/v1/places/", {"parent": "52.01.02"})
    assert r.status_code == 200
    assert "52.01.02.2006" in [p["code"] for p in r.json()["results"]]
    r = api_for("auditor").post(
        "/api/v1/places/", {"parent_code": "52.01.02.2006", "kind": "dusun", "name": "X"}
    )
    assert r.status_code == 403
    r = api_for("facilitator").post(
        "/api/v1/places/", {"parent_code": "52.01.02.2006", "kind": "dusun", "name": "Senik"}
    )
    assert r.status_code == 201, r.content


@pytest.mark.django_db
def test_place_name_search_is_indexed_on_postgresql():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the trigram index exists only on PostgreSQL")
    with connection.cursor() as cur:
        cur.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'places_place_path_trgm'")
        row = cur.fetchone()
    assert row and "gin_trgm_ops" in row[0]
