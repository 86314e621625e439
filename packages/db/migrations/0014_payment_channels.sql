-- Money arrives by more channels than the card page (issues #15, #16): SBP through the acquirer,
-- bank transfers loaded from the operator's statements, payment agents through the check/pay
-- gateway. One migration widens the payment's source and method for all of them at once, so that
-- the features built on it add their own tables without redefining these checks each in turn.
ALTER TABLE payments DROP CONSTRAINT IF EXISTS payments_source_check;
ALTER TABLE payments ADD CONSTRAINT payments_source_check
  CHECK (source IN ('cabinet', 'public', 'autopay', 'bonus', 'bank', 'agent', 'operator'));
ALTER TABLE payments DROP CONSTRAINT IF EXISTS payments_method_check;
ALTER TABLE payments ADD CONSTRAINT payments_method_check
  CHECK (method IN ('card', 'saved_card', 'bonus', 'sbp', 'bank_transfer', 'agent'));
