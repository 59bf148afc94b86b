"""Loan services: maker-checker, repayments (allocation, idempotency, closing), late fees, bad input."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from berdaya.audit.models import AuditEntry
from berdaya.books import chart
from berdaya.books.checks import run_checks
from berdaya.books.loans import services
from berdaya.books.loans.models import Loan, LoanPayment
from berdaya.books.models import JournalEntry
from berdaya.books.queries import balance
from berdaya.books.services import open_book
from berdaya.core.errors import ServiceError

from .conftest import FIRST_DUE, OPEN, OUT


def entries(group):
    return JournalEntry.objects.filter(book__group=group).count()


def test_application_approval_and_audit(world, cash, treasurer, checker):
    loan = services.apply(
        group=world.group_a,
        person=world.people_a[1],
        principal=500_000,
        term_periods=5,
        first_due_on=FIRST_DUE,
        on_date=OPEN,
        acting_user=treasurer,
    )
    # Terms default to the policy, which defaults to the bylaws: 1 % flat a month, monthly.
    assert (loan.method, loan.frequency, loan.rate_percent) == ("flat", "monthly", Decimal("1"))
    with pytest.raises(ServiceError, match="someone else must approve"):
        services.approve(loan=loan, acting_user=treasurer)
    loan = services.approve(loan=loan, acting_user=checker)
    assert loan.status == Loan.Status.APPROVED and loan.decided_by == checker
    notes = list(
        AuditEntry.objects.filter(object_id=str(loan.pk), object_type="loans.loan").values_list(
            "changes", flat=True
        )
    )
    assert any("loan application" in str(c) for c in notes) and any("loan approved" in str(c) for c in notes)


def test_rejection_needs_a_reason_and_ends_the_application(world, make_loan, checker):
    loan = make_loan(disburse=False)
    with pytest.raises(ServiceError, match="Say why"):
        services.reject(loan=loan, reason=" ", acting_user=checker)
    loan = services.reject(loan=loan, reason="No business plan yet", acting_user=checker)
    assert loan.status == Loan.Status.REJECTED
    with pytest.raises(ServiceError, match="Only an approved loan"):
        services.disburse(loan=loan, on_date=OUT, acting_user=checker)


@pytest.mark.parametrize(
    ("principal", "term", "field"),
    [
        (0, 10, "principal"),
        (-5, 10, "principal"),
        (1_000_000, 0, "term_periods"),
        (1_000_000, -1, "term_periods"),
    ],
)
def test_bad_terms_are_refused_and_nothing_saved(world, cash, treasurer, principal, term, field):
    with pytest.raises(ServiceError) as err:
        services.apply(
            group=world.group_a,
            person=world.people_a[1],
            principal=principal,
            term_periods=term,
            first_due_on=FIRST_DUE,
            on_date=OPEN,
            acting_user=treasurer,
        )
    assert field in err.value.field_errors
    assert not Loan.objects.exists()


def test_outsider_person_and_past_first_due_are_refused(world, cash, treasurer):
    with pytest.raises(ServiceError, match="not an active member"):
        services.apply(
            group=world.group_a,
            person=world.people_b[0],
            principal=100_000,
            term_periods=2,
            first_due_on=FIRST_DUE,
            on_date=OPEN,
            acting_user=treasurer,
        )
    with pytest.raises(ServiceError, match="after the application date"):
        services.apply(
            group=world.group_a,
            person=world.people_a[1],
            principal=100_000,
            term_periods=2,
            first_due_on=OPEN,
            on_date=OPEN,
            acting_user=treasurer,
        )


def test_disbursement_needs_cash(world, bylaws, treasurer, checker):
    loan = services.apply(
        group=world.group_a,
        person=world.people_a[1],
        principal=100_000,
        term_periods=2,
        first_due_on=FIRST_DUE,
        on_date=OPEN,
        acting_user=treasurer,
    )
    services.approve(loan=loan, acting_user=checker)
    with pytest.raises(ServiceError, match="not enough to pay out"):
        services.disburse(loan=loan, on_date=OUT, acting_user=treasurer)
    assert entries(world.group_a) == 0


def test_repayments_allocate_oldest_first_and_close_the_loan(world, make_loan, treasurer):
    loan = make_loan(principal=1_000_000, term=10)
    p = services.repay(loan=loan, amount=150_000, on_date=dt.date(2025, 2, 10), acting_user=treasurer)
    # Instalment 1 in full (10.000 interest, 100.000 principal), then 10.000 interest + 30.000 of instalment 2.
    assert (p.interest, p.principal, p.penalty) == (20_000, 130_000, 0)
    book = open_book(group=world.group_a)
    assert balance(book, chart.LOANS, person_id=loan.person_id) == 870_000
    assert balance(book, chart.INTEREST_INCOME) == 20_000
    due = services.amount_due(loan, dt.date(2025, 3, 10))
    assert due == {
        "penalty": 0,
        "interest": 0,
        "principal": 70_000,
        "total_due": 70_000,
        "outstanding": 950_000,
        "outstanding_principal": 870_000,
    }
    with pytest.raises(ServiceError, match=r"Rp950\.000"):
        services.repay(loan=loan, amount=950_001, on_date=dt.date(2025, 3, 10), acting_user=treasurer)
    services.repay(loan=loan, amount=950_000, on_date=dt.date(2025, 3, 10), acting_user=treasurer)
    loan.refresh_from_db()
    assert loan.status == Loan.Status.CLOSED and loan.closed_on == dt.date(2025, 3, 10)
    assert balance(book, chart.LOANS, person_id=loan.person_id) == 0
    assert balance(book, chart.INTEREST_INCOME) == 100_000
    before = entries(world.group_a)
    with pytest.raises(ServiceError, match="repaid in full"):
        services.repay(loan=loan, amount=1, on_date=dt.date(2025, 3, 10), acting_user=treasurer)
    assert entries(world.group_a) == before


def test_repayment_before_disbursement_or_bad_amount_posts_nothing(world, make_loan, treasurer):
    loan = make_loan(disburse=False)
    with pytest.raises(ServiceError, match="has not been paid out"):
        services.repay(loan=loan, amount=110_000, on_date=FIRST_DUE, acting_user=treasurer)
    loan = make_loan(person=world.people_a[2])
    for amount in (0, -10):
        with pytest.raises(ServiceError):
            services.repay(loan=loan, amount=amount, on_date=FIRST_DUE, acting_user=treasurer)
    with pytest.raises(ServiceError, match="before the loan was paid out"):
        services.repay(loan=loan, amount=10, on_date=OPEN, acting_user=treasurer)
    assert not LoanPayment.objects.exists()


def test_repayment_is_idempotent_by_key(world, make_loan, treasurer):
    loan = make_loan()
    first = services.repay(
        loan=loan, amount=110_000, on_date=FIRST_DUE, acting_user=treasurer, idempotency_key="sheet-1-a2"
    )
    again = services.repay(
        loan=loan, amount=110_000, on_date=FIRST_DUE, acting_user=treasurer, idempotency_key="sheet-1-a2"
    )
    assert again.pk == first.pk
    assert LoanPayment.objects.count() == 1
    assert balance(open_book(group=world.group_a), chart.LOANS, person_id=loan.person_id) == 900_000


def test_repay_works_inside_an_outer_batch(world, make_loan, treasurer):
    a, b = make_loan(), make_loan(person=world.people_a[2])
    with transaction.atomic():
        services.repay(loan=a, amount=110_000, on_date=FIRST_DUE, acting_user=treasurer)
        with pytest.raises(ServiceError):
            services.repay(loan=b, amount=10**9, on_date=FIRST_DUE, acting_user=treasurer)
        services.repay(loan=b, amount=110_000, on_date=FIRST_DUE, acting_user=treasurer)
    assert LoanPayment.objects.count() == 2


def test_late_fee_is_charged_once_and_paid_first(world, make_loan, treasurer):
    services.update_policy(
        group=world.group_a, changes={"late_fee": 5_000, "late_fee_grace_days": 3}, acting_user=treasurer
    )
    loan = make_loan()
    assert services.amount_due(loan, dt.date(2025, 2, 13))["penalty"] == 0  # within the grace days
    due = services.amount_due(loan, dt.date(2025, 2, 20))
    assert (due["penalty"], due["total_due"]) == (5_000, 115_000)
    p = services.repay(loan=loan, amount=115_000, on_date=dt.date(2025, 2, 20), acting_user=treasurer)
    assert (p.penalty, p.interest, p.principal) == (5_000, 10_000, 100_000)
    assert balance(open_book(group=world.group_a), chart.FINES) == 5_000


def test_payment_order_from_policy(world, make_loan, treasurer):
    services.update_policy(
        group=world.group_a, changes={"payment_order": "principal,interest,penalty"}, acting_user=treasurer
    )
    loan = make_loan()
    p = services.repay(loan=loan, amount=50_000, on_date=FIRST_DUE, acting_user=treasurer)
    assert (p.principal, p.interest) == (50_000, 0)


def test_policy_change_is_validated_and_audited(world, bylaws, treasurer):
    with pytest.raises(ServiceError, match="must increase"):
        services.update_policy(group=world.group_a, changes={"dpk_max_days": 0}, acting_user=treasurer)
    policy = services.update_policy(
        group=world.group_a, changes={"cover_split": "pro_rata"}, acting_user=treasurer
    )
    assert AuditEntry.objects.filter(object_type="loans.loanpolicy", object_id=str(policy.pk)).exists()


def test_due_by_member_is_set_based(world, make_loan, treasurer, django_assert_max_num_queries):
    a = make_loan()
    b = make_loan(person=world.people_a[2], principal=500_000, term=5)
    services.repay(loan=b, amount=110_000, on_date=FIRST_DUE, acting_user=treasurer)
    with django_assert_max_num_queries(2):
        due = services.due_by_member(world.group_a, dt.date(2025, 3, 10))
    assert due[a.person_id][0]["total_due"] == 220_000
    # b's 110.000 paid instalment 1 (105.000) and March's interest (5.000): March's principal is left.
    assert (due[b.person_id][0]["interest"], due[b.person_id][0]["total_due"]) == (0, 100_000)
    assert due[b.person_id][0]["outstanding_principal"] == 400_000


# --- hypothesis: random repayments never break an invariant ------------------------------------------------


class _Rollback(Exception):
    pass


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    method=st.sampled_from(["flat", "declining", "annuity"]),
    principal=st.integers(min_value=10_000, max_value=3_000_000),
    term=st.integers(min_value=1, max_value=8),
    payments=st.lists(
        st.tuples(st.integers(min_value=1, max_value=2_000_000), st.integers(0, 400)), max_size=6
    ),
)
def test_random_repayments_keep_invariants(
    world, cash, treasurer, checker, method, principal, term, payments
):
    try:
        with transaction.atomic():
            loan = services.apply(
                group=world.group_a,
                person=world.people_a[3],
                principal=principal,
                term_periods=term,
                rate_percent=Decimal("1.5"),
                method=method,
                first_due_on=FIRST_DUE,
                on_date=OPEN,
                acting_user=treasurer,
            )
            services.approve(loan=loan, acting_user=checker)
            services.disburse(loan=loan, on_date=OUT, acting_user=treasurer)
            day = OUT
            for amount, gap in payments:
                day = min(day + dt.timedelta(days=gap), dt.date(2026, 11, 1))
                try:
                    services.repay(loan=loan, amount=amount, on_date=day, acting_user=treasurer)
                except ServiceError as e:
                    assert e.code in ("overpayment", "closed")
                loan.refresh_from_db()
                assert loan.principal_paid == sum(loan.payments.values_list("principal", flat=True))
            assert run_checks() == []
            assert (loan.status == Loan.Status.CLOSED) == (services.amount_due(loan, day)["outstanding"] == 0)
            raise _Rollback
    except _Rollback:
        pass
