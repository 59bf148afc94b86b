"""Every write of the value chain, through its service."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from berdaya.audit.models import AuditEntry
from berdaya.clusters.valuechain import queries, services
from berdaya.clusters.valuechain.models import AdvanceSale, PriceObservation, Product, ReferenceRate
from berdaya.core.errors import ServiceError

pytestmark = pytest.mark.django_db


def _sale(sentra, world, **over):
    kwargs = {
        "sentra": sentra,
        "enterprise": sentra.enterprises[0],
        "buyer_name": "Art Shop Lombok Indah",
        "buyer_step": "art_shop",
        "cash_received": 7_000_000,
        "goods_value": 10_000_000,
        "received_on": dt.date(2025, 1, 15),
        "delivery_on": dt.date(2025, 5, 15),
        "acting_user": world.users["facilitator"],
    }
    kwargs.update(over)
    return services.record_advance_sale(**kwargs)


def test_create_product_and_duplicate_refused(sentra, world):
    p = services.create_product(sentra=sentra, name=" Gentong ", unit="", acting_user=world.users["manager"])
    assert (p.name, p.unit) == ("Gentong", "pcs")
    assert AuditEntry.objects.filter(
        action="create", object_type="valuechain.product", object_id=str(p.pk)
    ).exists()
    with pytest.raises(ServiceError) as e:
        services.create_product(sentra=sentra, name="gentong", acting_user=world.users["manager"])
    assert e.value.code == "duplicate"
    with pytest.raises(ServiceError):
        services.create_product(sentra=sentra, name="  ", acting_user=world.users["manager"])


def test_record_price_idempotent_and_audited(sentra, jar, world):
    kw = {
        "sentra": sentra,
        "product": jar,
        "step": "craftsman",
        "price": 45_000,
        "observed_on": dt.date(2025, 3, 1),
        "source": "Ibu Inaq Sahnun",
        "acting_user": world.users["facilitator"],
    }
    first = services.record_price(idempotency_key="k1", **kw)
    again = services.record_price(idempotency_key="k1", **kw)
    assert first.pk == again.pk
    assert PriceObservation.objects.count() == 1
    assert first.created_by == world.users["facilitator"]
    assert AuditEntry.objects.filter(action="create", object_type="valuechain.priceobservation").count() == 1
    services.record_price(**kw)  # no key: a second observation
    assert PriceObservation.objects.count() == 2


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"price": 0}, "price"),
        ({"price": -5}, "price"),
        ({"price": 1.5}, "price"),
        ({"step": "moon"}, "step"),
        ({"observed_on": dt.date(2999, 1, 1)}, "observed_on"),
    ],
)
def test_record_price_refuses_bad_input(sentra, jar, world, over, field):
    kw = {
        "sentra": sentra,
        "product": jar,
        "step": "juragan",
        "price": 1,
        "observed_on": dt.date(2025, 3, 1),
        "acting_user": world.users["facilitator"],
    }
    kw.update(over)
    with pytest.raises(ServiceError) as e:
        services.record_price(**kw)
    assert field in e.value.field_errors
    assert not PriceObservation.objects.exists()


def test_record_price_refuses_another_sentras_product(sentra, other_sentra, world):
    foreign = Product.objects.create(sentra=other_sentra, name="Kain ikat", unit="m")
    with pytest.raises(ServiceError) as e:
        services.record_price(
            sentra=sentra,
            product=foreign,
            step="craftsman",
            price=1,
            observed_on=dt.date(2025, 1, 1),
            acting_user=world.users["admin"],
        )
    assert "product" in e.value.field_errors


def test_delete_price_audited(sentra, jar, world):
    obs = services.record_price(
        sentra=sentra,
        product=jar,
        step="buyer",
        price=9,
        observed_on=dt.date(2025, 1, 1),
        acting_user=world.users["admin"],
    )
    services.delete_price(observation=obs, acting_user=world.users["manager"])
    assert not PriceObservation.objects.exists()
    entry = AuditEntry.objects.get(action="delete", object_type="valuechain.priceobservation")
    assert entry.programme_id == world.alpha.pk  # scoped through the sentra


def test_worked_ijon_contract_with_kur(sentra, world):
    """The seed's ijon: Rp7.000.000 now for goods worth Rp10.000.000 four months later, KUR 6 %."""
    services.set_reference_rate(
        programme=world.alpha,
        name="KUR",
        annual_rate=Decimal("6"),
        valid_from=dt.date(2024, 1, 1),
        acting_user=world.users["manager"],
    )
    sale = _sale(sentra, world)
    r = queries.sale_rates(sale)
    assert r.rates.months == 4 and r.months_counted
    assert r.rates.period == Fraction(3, 7)
    assert r.rates.simple_annual == Fraction(9, 7)
    assert r.rates.compound_annual == Fraction(657, 343)
    assert (r.period_pct, r.simple_pct, r.compound_pct) == ("42.86", "128.57", "191.55")
    assert (r.reference_name, r.reference_rate, r.reference_set) == ("KUR", Decimal("6.000"), True)
    assert r.cost == 3_000_000
    text = " ".join(r.explanation)
    assert "Paying 129 % a year where KUR costs 6.0 %: 21.4 times as much." in text
    assert "Rp3.000.000" in text
    assert AuditEntry.objects.filter(
        action="create", object_type="valuechain.advancesale", object_id=str(sale.pk)
    ).exists()


def test_worked_example_in_indonesian_uses_decimal_comma(sentra, world, indonesian):
    r = queries.sale_rates(_sale(sentra, world))
    assert (r.period_pct, r.simple_pct, r.compound_pct) == ("42,86", "128,57", "191,55")


def test_default_reference_when_programme_sets_none(sentra, world):
    r = queries.sale_rates(_sale(sentra, world))
    assert (r.reference_name, r.reference_rate, r.reference_set) == ("KUR", Decimal("6"), False)
    assert any("has not set a reference rate" in line for line in r.explanation)


def test_reference_rate_valid_from_the_contract_date(sentra, world):
    user = world.users["manager"]
    services.set_reference_rate(
        programme=world.alpha,
        name="KUR",
        annual_rate=Decimal("9"),
        valid_from=dt.date(2020, 1, 1),
        acting_user=user,
    )
    services.set_reference_rate(
        programme=world.alpha,
        name="KUR",
        annual_rate=Decimal("6"),
        valid_from=dt.date(2025, 6, 1),
        acting_user=user,
    )
    assert queries.sale_rates(_sale(sentra, world)).reference_rate == Decimal("9.000")  # January 2025
    later = _sale(sentra, world, received_on=dt.date(2025, 7, 1), delivery_on=dt.date(2025, 9, 1))
    assert queries.sale_rates(later).reference_rate == Decimal("6.000")
    # Setting the same name and date again replaces the rate rather than adding a second row
    services.set_reference_rate(
        programme=world.alpha,
        name="KUR",
        annual_rate=Decimal("7"),
        valid_from=dt.date(2025, 6, 1),
        acting_user=user,
    )
    assert ReferenceRate.objects.filter(programme=world.alpha).count() == 2


def test_reference_rate_refuses_negative(world):
    with pytest.raises(ServiceError) as e:
        services.set_reference_rate(
            programme=world.alpha,
            name="KUR",
            annual_rate=Decimal("-1"),
            valid_from=dt.date(2025, 1, 1),
            acting_user=world.users["admin"],
        )
    assert "annual_rate" in e.value.field_errors


def test_entered_months_override_the_dates(sentra, world):
    sale = _sale(sentra, world, months=Decimal("3"))
    r = queries.sale_rates(sale)
    assert r.rates.months == 3 and not r.months_counted
    assert r.rates.compound_annual == Fraction(10, 7) ** 4 - 1


@pytest.mark.parametrize(
    ("over", "field", "words"),
    [
        ({"goods_value": 6_000_000}, "goods_value", "less than the Rp7.000.000 received"),
        ({"delivery_on": dt.date(2025, 1, 1)}, "delivery_on", "not after the cash was received"),
        ({"delivery_on": dt.date(2025, 1, 15)}, "delivery_on", "not after the cash was received"),
        ({"months": Decimal("0")}, "months", "more than 0"),
        ({"buyer_name": ""}, "buyer_name", "required"),
        ({"enterprise": None}, "enterprise", "Name the craftsman"),
        ({"kind": "loan"}, "kind", "kind"),
        ({"cash_received": 0}, "cash_received", "more than zero"),
    ],
)
def test_advance_sale_clear_errors(sentra, world, over, field, words):
    with pytest.raises(ServiceError) as e:
        _sale(sentra, world, **over)
    assert field in e.value.field_errors
    assert words in e.value.message
    assert not AdvanceSale.objects.exists()


def test_advance_sale_only_the_sentras_craftsmen(sentra, world):
    from berdaya.people.models import Enterprise

    outside = Enterprise.objects.create(name="Toko Lain", place=world.kediri, product_type="x")
    with pytest.raises(ServiceError) as e:
        _sale(sentra, world, enterprise=outside)
    assert "not a member" in e.value.message
    with pytest.raises(ServiceError):
        _sale(sentra, world, enterprise=None, person=world.people_b[0])
    sale = _sale(sentra, world, enterprise=None, person=world.people_a[1])
    assert sale.seller_name == "Anggota A2"


def test_advance_sale_idempotent_and_deleted(sentra, world):
    a = _sale(sentra, world, idempotency_key="ijon-1")
    b = _sale(sentra, world, idempotency_key="ijon-1", cash_received=1)
    assert a.pk == b.pk and AdvanceSale.objects.count() == 1
    services.delete_advance_sale(sale=a, acting_user=world.users["admin"])
    assert not AdvanceSale.objects.exists()
    assert AuditEntry.objects.filter(action="delete", object_type="valuechain.advancesale").exists()


def test_chain_view_explains(sentra, jar, world):
    user = world.users["facilitator"]
    for step, price, day in [
        ("craftsman", 40_000, dt.date(2025, 1, 10)),
        ("craftsman", 50_000, dt.date(2025, 4, 10)),
        ("juragan", 75_000, dt.date(2025, 1, 12)),
        ("art_shop", 150_000, dt.date(2025, 1, 20)),
        ("art_shop", 150_000, dt.date(2025, 4, 20)),
    ]:
        services.record_price(
            sentra=sentra, product=jar, step=step, price=price, observed_on=day, acting_user=user
        )
    view = queries.chain_view(jar)
    assert view.final_price == 150_000
    assert view.producer_share == "30.0"
    assert [r["margin"] for r in view.rows] == [45_000, 30_000, 75_000]
    assert any("largest part, Rp75.000" in line for line in view.explanation)
    assert [p.share for p in view.trend] == [Fraction(4, 15), Fraction(1, 3)]
    assert view.line["coords"][0]["label"] == "2025 Q1"
    only_q2 = queries.chain_view(jar, start=dt.date(2025, 4, 1))
    assert only_q2.producer_share == "33.3"
