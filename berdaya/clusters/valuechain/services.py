"""Every write of the value chain: products, price observations, advance sales and reference rates.

Callers (views, API, demo, ODK ingestion) check access first; these functions check the figures, write
inside one transaction and audit-log the change. Phone-entered rows take an ``idempotency_key``: the
same key again returns the first row instead of creating a second.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.db import transaction
from django.utils.translation import gettext as _

from berdaya.audit.log import record, snapshot
from berdaya.clusters.models import Sentra, SentraMember
from berdaya.core.errors import ServiceError
from berdaya.core.money import thousands
from berdaya.groups.services import local_today
from berdaya.people.models import Enterprise, Person
from berdaya.programs.models import Programme

from . import margins
from .models import AdvanceSale, PriceObservation, Product, ReferenceRate, Step

MAX_RUPIAH = 10**15  # far above any price or contract a sentra sees; stops a typo of extra zeros


def _rupiah(value, field: str, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        msg = _("%(what)s must be a whole number of rupiah.") % {"what": what}
        raise ServiceError(msg, field_errors={field: msg}, code="amount")
    if value <= 0:
        msg = _("%(what)s must be more than zero.") % {"what": what}
        raise ServiceError(msg, field_errors={field: msg}, code="amount")
    if value > MAX_RUPIAH:
        msg = _("%(what)s is implausibly large; check the number of zeros.") % {"what": what}
        raise ServiceError(msg, field_errors={field: msg}, code="amount")
    return value


def _text(value: str, field: str, what: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        msg = _("%(what)s is required.") % {"what": what}
        raise ServiceError(msg, field_errors={field: msg}, code="required")
    return value


def _step(value: str, field: str = "step") -> str:
    if value not in Step.values:
        msg = _("Choose a step of the chain.")
        raise ServiceError(msg, field_errors={field: msg}, code="step")
    return value


def _same_sentra(obj, sentra: Sentra, field: str, what: str) -> None:
    if obj is not None and obj.sentra_id != sentra.pk:
        msg = _("%(what)s belongs to another sentra.") % {"what": what}
        raise ServiceError(msg, field_errors={field: msg}, code="sentra")


# --- products ---------------------------------------------------------------------------------------


@transaction.atomic
def create_product(*, sentra: Sentra, name: str, unit: str = "", acting_user) -> Product:
    name = _text(name, "name", _("The product's name"))
    unit = (unit or "").strip() or "pcs"
    if Product.objects.filter(sentra=sentra, name__iexact=name).exists():
        msg = _("%(sentra)s already has a product called %(name)s.") % {"sentra": sentra.name, "name": name}
        raise ServiceError(msg, field_errors={"name": msg}, code="duplicate")
    product = Product.objects.create(sentra=sentra, name=name[:120], unit=unit[:30])
    record(actor=acting_user, action="create", obj=product)
    return product


# --- price observations ------------------------------------------------------------------------------


def _existing(model, sentra: Sentra, key: str | None):
    return model.objects.filter(sentra=sentra, idempotency_key=key).first() if key else None


@transaction.atomic
def record_price(
    *,
    sentra: Sentra,
    product: Product,
    step: str,
    price: int,
    observed_on: dt.date,
    source: str = "",
    place: str = "",
    notes: str = "",
    idempotency_key: str | None = None,
    acting_user,
) -> PriceObservation:
    """One price seen at one step of the chain. A repeated ``idempotency_key`` returns the first row."""
    done = _existing(PriceObservation, sentra, idempotency_key)
    if done is not None:
        return done
    _same_sentra(product, sentra, "product", _("That product"))
    _step(step)
    _rupiah(price, "price", _("The price"))
    if observed_on is None:
        msg = _("%(what)s is required.") % {"what": _("The date")}
        raise ServiceError(msg, field_errors={"observed_on": msg}, code="required")
    if observed_on > local_today(sentra.place):
        msg = _("A price cannot be observed in the future.")
        raise ServiceError(msg, field_errors={"observed_on": msg}, code="future")
    obs = PriceObservation.objects.create(
        sentra=sentra,
        product=product,
        step=step,
        price=price,
        observed_on=observed_on,
        source=(source or "").strip()[:150],
        place=(place or "").strip()[:150],
        notes=(notes or "").strip(),
        idempotency_key=idempotency_key or None,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    record(actor=acting_user, action="create", obj=obs)
    return obs


@transaction.atomic
def delete_price(*, observation: PriceObservation, acting_user) -> None:
    before = snapshot(observation)
    record(actor=acting_user, action="delete", obj=observation, before=before, after={})
    observation.delete()


# --- advance sales ----------------------------------------------------------------------------------


def check_contract(
    *, cash_received: int, goods_value: int, received_on, delivery_on, months=None
) -> Fraction:
    """The contract's months (entered, or counted from the dates); a clear error for impossible figures."""
    _rupiah(cash_received, "cash_received", _("The cash received"))
    _rupiah(goods_value, "goods_value", _("The value of the goods"))
    if goods_value < cash_received:
        msg = _(
            "The goods are worth Rp%(value)s, less than the Rp%(cash)s received: that is not an advance "
            "sale with a cost to the craftsman. Check both amounts."
        ) % {"value": thousands(goods_value), "cash": thousands(cash_received)}
        raise ServiceError(msg, field_errors={"goods_value": msg}, code="value")
    if received_on is None or delivery_on is None:
        msg = _("Both dates are required.")
        raise ServiceError(msg, field_errors={"delivery_on": msg}, code="required")
    if delivery_on <= received_on:
        msg = _(
            "The goods are delivered on %(delivery)s, not after the cash was received on %(received)s."
        ) % {
            "delivery": delivery_on.isoformat(),
            "received": received_on.isoformat(),
        }
        raise ServiceError(msg, field_errors={"delivery_on": msg}, code="dates")
    if months is not None:
        try:
            m = Fraction(Decimal(str(months)))
        except (InvalidOperation, ValueError):
            m = Fraction(0)
        if m <= 0 or m > 120:
            msg = _("The months must be more than 0 and at most 120.")
            raise ServiceError(msg, field_errors={"months": msg}, code="months")
        return m
    return margins.months_between(received_on, delivery_on)


@transaction.atomic
def record_advance_sale(
    *,
    sentra: Sentra,
    buyer_name: str,
    cash_received: int,
    goods_value: int,
    received_on: dt.date,
    delivery_on: dt.date,
    kind: str = AdvanceSale.Kind.IJON,
    buyer_step: str = Step.JURAGAN,
    enterprise: Enterprise | None = None,
    person: Person | None = None,
    product: Product | None = None,
    quantity: int | None = None,
    months: Decimal | None = None,
    notes: str = "",
    idempotency_key: str | None = None,
    acting_user,
) -> AdvanceSale:
    """Cash received now for goods delivered later (ijon). A repeated ``idempotency_key`` returns the first."""
    done = _existing(AdvanceSale, sentra, idempotency_key)
    if done is not None:
        return done
    buyer_name = _text(buyer_name, "buyer_name", _("The buyer"))
    if kind not in AdvanceSale.Kind.values:
        msg = _("Choose the kind of advance sale.")
        raise ServiceError(msg, field_errors={"kind": msg}, code="kind")
    _step(buyer_step, "buyer_step")
    if enterprise is None and person is None:
        msg = _("Name the craftsman: their enterprise or the person.")
        raise ServiceError(msg, field_errors={"enterprise": msg}, code="seller")
    if (
        enterprise is not None
        and not SentraMember.objects.filter(sentra=sentra, enterprise=enterprise).exists()
    ):
        msg = _("%(enterprise)s is not a member of %(sentra)s.") % {
            "enterprise": enterprise.name,
            "sentra": sentra.name,
        }
        raise ServiceError(msg, field_errors={"enterprise": msg}, code="seller")
    if (
        person is not None
        and not Person.objects.filter(pk=person.pk, enterprises__sentra_memberships__sentra=sentra).exists()
    ):
        msg = _("%(person)s owns no enterprise in %(sentra)s.") % {
            "person": person.full_name,
            "sentra": sentra.name,
        }
        raise ServiceError(msg, field_errors={"person": msg}, code="seller")
    _same_sentra(product, sentra, "product", _("That product"))
    if quantity is not None and quantity <= 0:
        msg = _("The quantity must be more than zero.")
        raise ServiceError(msg, field_errors={"quantity": msg}, code="quantity")
    check_contract(
        cash_received=cash_received,
        goods_value=goods_value,
        received_on=received_on,
        delivery_on=delivery_on,
        months=months,
    )
    sale = AdvanceSale.objects.create(
        sentra=sentra,
        enterprise=enterprise,
        person=person,
        buyer_name=buyer_name[:150],
        buyer_step=buyer_step,
        kind=kind,
        product=product,
        quantity=quantity,
        cash_received=cash_received,
        goods_value=goods_value,
        received_on=received_on,
        delivery_on=delivery_on,
        months=Decimal(str(months)).quantize(Decimal("0.01")) if months is not None else None,
        notes=(notes or "").strip(),
        idempotency_key=idempotency_key or None,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    record(actor=acting_user, action="create", obj=sale)
    return sale


@transaction.atomic
def delete_advance_sale(*, sale: AdvanceSale, acting_user) -> None:
    before = snapshot(sale)
    record(actor=acting_user, action="delete", obj=sale, before=before, after={})
    sale.delete()


# --- reference rates --------------------------------------------------------------------------------


@transaction.atomic
def set_reference_rate(
    *, programme: Programme, name: str, annual_rate: Decimal, valid_from: dt.date, acting_user
) -> ReferenceRate:
    """The rate advance sales in the programme are compared with from ``valid_from`` (replaces that day's)."""
    name = _text(name, "name", _("The rate's name"))[:60]
    try:
        rate = Decimal(str(annual_rate))
    except (InvalidOperation, ValueError):
        rate = Decimal(-1)
    if not rate.is_finite() or rate < 0 or rate > 1000:
        msg = _("The annual rate must be between 0 and 1000 per cent.")
        raise ServiceError(msg, field_errors={"annual_rate": msg}, code="rate")
    if valid_from is None:
        msg = _("%(what)s is required.") % {"what": _("The date")}
        raise ServiceError(msg, field_errors={"valid_from": msg}, code="required")
    existing = (
        ReferenceRate.objects.select_for_update()
        .filter(programme=programme, name=name, valid_from=valid_from)
        .first()
    )
    before = snapshot(existing) if existing else None
    if existing:
        existing.annual_rate = rate
        existing.save(update_fields=["annual_rate"])
        obj = existing
    else:
        obj = ReferenceRate.objects.create(
            programme=programme, name=name, annual_rate=rate, valid_from=valid_from
        )
    record(actor=acting_user, action="update" if existing else "create", obj=obj, before=before)
    return obj
