-- A saved card's expiry month and year, as the acquirer's notification gives them (issue 17): the
-- portal lists a card as «•••• 4242 · до 12/28», so an accountant sees which card is about to stop
-- working before an autopay fails on it. Cards saved before this migration have none (NULL), and a
-- card saved again gets its expiry then. Runs on PostgreSQL 15 and PGlite. See docs/autopay.md.
ALTER TABLE saved_cards
  ADD COLUMN expiry_month smallint CHECK (expiry_month BETWEEN 1 AND 12),
  ADD COLUMN expiry_year smallint CHECK (expiry_year BETWEEN 2000 AND 2099);
