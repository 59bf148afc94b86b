"""The demo value chain: Banyumulek pottery prices and the seed's ijon, loaded once."""

from fractions import Fraction

import pytest

from berdaya.accounts.models import User
from berdaya.clusters.valuechain import queries
from berdaya.clusters.valuechain.models import AdvanceSale, PriceObservation, Product
from berdaya.demo import clusters_valuechain
from berdaya.demo.loader import load_demo
from tests.demo.test_demo import demo_regions  # noqa: F401


@pytest.mark.django_db
def test_demo_value_chain_idempotent_and_tells_the_seed(demo_regions):  # noqa: F811
    load_demo()
    admin = User.objects.filter(is_superuser=True).first()
    # The loader ran this part already; running it again adds nothing.
    assert clusters_valuechain.load(acting_user=admin) == 0
    assert PriceObservation.objects.filter(sentra__name="Sentra Gerabah Banyumulek").count() > 100
    jar = Product.objects.get(name="Gentong air 40 cm", sentra__name="Sentra Gerabah Banyumulek")
    assert jar.sentra.programme.name == "Inkubator Gerabah Banyumulek"
    view = queries.chain_view(jar, by="quarter")
    # The art shop keeps the largest part of the final price (seed 000) …
    assert view.chain.biggest.step == "art_shop"
    # … while the craftsman's share rises as their bargaining position improves.
    assert view.trend[0].share < view.trend[-1].share
    assert len(view.trend) == 11
    worked = AdvanceSale.objects.get(idempotency_key="demo:ijon:0")
    r = queries.sale_rates(worked)
    assert (r.rates.period, r.rates.simple_annual, r.rates.compound_annual) == (
        Fraction(3, 7),
        Fraction(9, 7),
        Fraction(657, 343),
    )
    assert r.reference_set and r.reference_name == "KUR"
    assert PriceObservation.objects.filter(sentra=jar.sentra).count() == 11 * 11
