from tests.books.loans.conftest import cash, checker, make_loan  # noqa: F401  (shared loan fixtures)
