-- Performance (ADR 0060). Bonus accruals settle at commit.
--
-- Every successful payment of a company accrues bonuses, and the company has one bonus_balances
-- row. Updated inside the payment's transaction, that row stays locked from the update to the
-- commit, so the company's payments pass through it one at a time, each waiting for the previous
-- one's remaining round trips and commit. An accrual is therefore inserted with balance_after = 0
-- and settled by this deferred trigger at COMMIT: the balance row is locked only while the commit
-- itself runs. Spends and releases still lock the row at once (a spend must see the balance).
-- Invariants kept: the cached balance equals the sum of the entries once the transaction commits,
-- and balance_after is the running balance in the order the row was locked.
CREATE FUNCTION bonus_accrual_settle() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  after_balance bigint;
BEGIN
  INSERT INTO bonus_balances (company_id, balance, updated_at) VALUES (NEW.company_id, 0, NEW.created_at)
    ON CONFLICT (company_id) DO NOTHING;
  UPDATE bonus_balances SET balance = balance + NEW.amount, updated_at = NEW.created_at
    WHERE company_id = NEW.company_id
    RETURNING balance INTO after_balance;
  UPDATE bonus_entries SET balance_after = after_balance WHERE id = NEW.id;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER bonus_accrual_settle AFTER INSERT ON bonus_entries
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (NEW.kind = 'accrual')
  EXECUTE FUNCTION bonus_accrual_settle();
