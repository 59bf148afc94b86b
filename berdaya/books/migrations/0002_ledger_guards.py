"""The database guards the books (DESIGN principle 4), on each database as far as it can.

PostgreSQL: every entry balances at commit (deferred constraint triggers on entries and legs), posted
rows are never updated or deleted, no entry on or before the book's closed date, no leg on a closed
account or on another book's account.
SQLite: the same insert-time rules and no UPDATE. DELETE is refused by the models rather than by a
trigger, because Django empties SQLite test databases with DELETE; balance is checked by the posting
service and by ``books.checks``.
"""

from django.db import migrations

POSTGRES_UP = r"""
CREATE FUNCTION books_entry_balances() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    eid bigint;
    d bigint;
    c bigint;
    n integer;
BEGIN
    IF TG_TABLE_NAME = 'books_leg' THEN eid := NEW.entry_id; ELSE eid := NEW.id; END IF;
    SELECT COALESCE(SUM(debit), 0), COALESCE(SUM(credit), 0), COUNT(*) INTO d, c, n
      FROM books_leg WHERE entry_id = eid;
    IF n < 2 OR d <> c THEN
        RAISE EXCEPTION 'journal entry % does not balance: debit %, credit %, % legs', eid, d, c, n
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER books_leg_balanced AFTER INSERT ON books_leg
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION books_entry_balances();
CREATE CONSTRAINT TRIGGER books_entry_balanced AFTER INSERT ON books_journalentry
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION books_entry_balances();

CREATE FUNCTION books_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'posted % rows cannot be changed or deleted; post a reversal', TG_TABLE_NAME
        USING ERRCODE = 'check_violation';
END $$;
CREATE TRIGGER books_leg_immutable BEFORE UPDATE OR DELETE ON books_leg
    FOR EACH ROW EXECUTE FUNCTION books_immutable();
CREATE TRIGGER books_entry_immutable BEFORE UPDATE OR DELETE ON books_journalentry
    FOR EACH ROW EXECUTE FUNCTION books_immutable();

CREATE FUNCTION books_entry_open_period() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM books_book WHERE id = NEW.book_id AND closed_through >= NEW.on_date) THEN
        RAISE EXCEPTION 'posting on % into a closed period of book %', NEW.on_date, NEW.book_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER books_entry_open_period BEFORE INSERT ON books_journalentry
    FOR EACH ROW EXECUTE FUNCTION books_entry_open_period();

CREATE FUNCTION books_leg_account_ok() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM books_account a JOIN books_journalentry e ON e.book_id = a.book_id
         WHERE a.id = NEW.account_id AND e.id = NEW.entry_id AND NOT a.is_closed
    ) THEN
        RAISE EXCEPTION 'leg on account % is closed or belongs to another book', NEW.account_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER books_leg_account_ok BEFORE INSERT ON books_leg
    FOR EACH ROW EXECUTE FUNCTION books_leg_account_ok();
"""

POSTGRES_DOWN = r"""
DROP TRIGGER IF EXISTS books_leg_account_ok ON books_leg;
DROP TRIGGER IF EXISTS books_entry_open_period ON books_journalentry;
DROP TRIGGER IF EXISTS books_entry_immutable ON books_journalentry;
DROP TRIGGER IF EXISTS books_leg_immutable ON books_leg;
DROP TRIGGER IF EXISTS books_entry_balanced ON books_journalentry;
DROP TRIGGER IF EXISTS books_leg_balanced ON books_leg;
DROP FUNCTION IF EXISTS books_leg_account_ok();
DROP FUNCTION IF EXISTS books_entry_open_period();
DROP FUNCTION IF EXISTS books_immutable();
DROP FUNCTION IF EXISTS books_entry_balances();
"""

SQLITE_UP = [
    """CREATE TRIGGER books_entry_open_period BEFORE INSERT ON books_journalentry
       WHEN NEW.on_date <= (SELECT closed_through FROM books_book WHERE id = NEW.book_id)
       BEGIN SELECT RAISE(ABORT, 'posting into a closed period'); END""",
    """CREATE TRIGGER books_leg_account_ok BEFORE INSERT ON books_leg
       WHEN NOT EXISTS (
           SELECT 1 FROM books_account a JOIN books_journalentry e ON e.book_id = a.book_id
            WHERE a.id = NEW.account_id AND e.id = NEW.entry_id AND NOT a.is_closed)
       BEGIN SELECT RAISE(ABORT, 'leg on a closed account or another book''s account'); END""",
    """CREATE TRIGGER books_leg_immutable BEFORE UPDATE ON books_leg
       BEGIN SELECT RAISE(ABORT, 'posted legs cannot be changed; post a reversal'); END""",
    """CREATE TRIGGER books_entry_immutable BEFORE UPDATE ON books_journalentry
       BEGIN SELECT RAISE(ABORT, 'posted entries cannot be changed; post a reversal'); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS books_entry_open_period",
    "DROP TRIGGER IF EXISTS books_leg_account_ok",
    "DROP TRIGGER IF EXISTS books_leg_immutable",
    "DROP TRIGGER IF EXISTS books_entry_immutable",
]


def _run(statements_by_vendor):
    def apply(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        statements = statements_by_vendor.get(vendor, [])
        if isinstance(statements, str):
            statements = [statements]
        for sql in statements:
            schema_editor.execute(sql, None)  # None: the SQL holds literal % signs, no parameters

    return apply


class Migration(migrations.Migration):
    dependencies = [("books", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
            elidable=False,
        ),
    ]
