import datetime as dt

import pytest

from berdaya.fieldwork.links import services
from berdaya.programs.models import Agency


@pytest.fixture
def disperin(db):
    return Agency.objects.create(name="Dinas Perindustrian Kabupaten Kulon Progo", kind="dinas_perindag")


@pytest.fixture
def offtaker(db):
    return Agency.objects.create(name="Griya Gerabah Wijirejo", kind="offtaker")


@pytest.fixture
def proposal(world, disperin):
    """Seed 002: the paguyuban's proposal to the Dinas Perindustrian, drafted with the facilitator."""
    return services.create_proposal(
        programme=world.alpha,
        group=world.group_a,
        agency=disperin,
        title="Pelatihan lanjutan dan modal simpan pinjam",
        purpose="Biaya kegiatan pelatihan serta simpan pinjam kelompok pengrajin",
        amount_asked=5_000_000,
        acting_user=world.users["facilitator"],
    )


@pytest.fixture
def submitted(world, proposal):
    return services.submit_proposal(
        proposal=proposal, submitted_on=dt.date(2025, 1, 6), acting_user=world.users["facilitator"]
    )


@pytest.fixture
def link(world, offtaker):
    """The offtaker takes modern pottery under agreed quality control."""
    return services.create_link(
        programme=world.alpha,
        group=world.group_a,
        partner_name="Griya Gerabah Wijirejo (Bp Agus Sugiharto)",
        agency=offtaker,
        kind="offtaker",
        quality_terms="Tidak retak, warna rata, ukuran sesuai contoh",
        price_terms="Rp7.500 per souvenir, dibayar saat diambil",
        started_on=dt.date(2025, 2, 1),
        acting_user=world.users["facilitator"],
    )
