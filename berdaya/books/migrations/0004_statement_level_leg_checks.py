"""PostgreSQL: check legs once per INSERT statement, and each entry's balance once at commit.

Migration 0002 checked, for every leg row, that its account is open and in the entry's book (before
insert) and that its entry balances (deferred to commit) — about 70 balance sums at the commit of one
meeting's 20 entries (bench/books.py). Now:
- one statement-level trigger sees all the legs a statement inserted (a transition table) and checks,
  in one set-based query each, that their accounts are open and in their entries' books, and that each
  of those entries was created in the current transaction — so no leg is ever added to a posted entry,
  even a pair balancing each other;
- the deferred per-entry trigger of 0002 stays: every entry balances, with at least two legs, at commit.
Together: every entry balances at commit and never changes afterwards. SQLite is unchanged (its
service-level checks and ``books.checks`` remain).
"""

from django.db import migrations

UP = r"""
-- The transaction that created each entry (txid_current() is the top-level id, also inside savepoints).
-- Rows older than this migration keep NULL: they are posted, like every entry of a finished transaction.
ALTER TABLE books_journalentry ADD COLUMN open_txid bigint;
ALTER TABLE books_journalentry ALTER COLUMN open_txid SET DEFAULT txid_current();

DROP TRIGGER IF EXISTS books_leg_balanced ON books_leg;
DROP TRIGGER IF EXISTS books_leg_account_ok ON books_leg;

CREATE FUNCTION books_legs_statement_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    SELECT n.account_id INTO bad
      FROM new_legs n
      JOIN books_journalentry e ON e.id = n.entry_id
      JOIN books_account a ON a.id = n.account_id
     WHERE a.book_id <> e.book_id OR a.is_closed
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'leg on account % is closed or belongs to another book', bad.account_id
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT n.entry_id INTO bad
      FROM new_legs n JOIN books_journalentry e ON e.id = n.entry_id
     WHERE e.open_txid IS DISTINCT FROM txid_current()
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'journal entry % is posted; its legs cannot change (post a reversal)', bad.entry_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER books_legs_statement_check AFTER INSERT ON books_leg
    REFERENCING NEW TABLE AS new_legs FOR EACH STATEMENT EXECUTE FUNCTION books_legs_statement_check();
"""

DOWN = r"""
ALTER TABLE books_journalentry DROP COLUMN IF EXISTS open_txid;
DROP TRIGGER IF EXISTS books_legs_statement_check ON books_leg;
DROP FUNCTION IF EXISTS books_legs_statement_check();
CREATE CONSTRAINT TRIGGER books_leg_balanced AFTER INSERT ON books_leg
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION books_entry_balances();
CREATE TRIGGER books_leg_account_ok BEFORE INSERT ON books_leg
    FOR EACH ROW EXECUTE FUNCTION books_leg_account_ok();
"""


def _run(sql):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, None)  # None: the SQL holds literal % signs, no parameters

    return apply


class Migration(migrations.Migration):
    dependencies = [("books", "0003_shu")]

    operations = [migrations.RunPython(_run(UP), _run(DOWN), elidable=False)]
