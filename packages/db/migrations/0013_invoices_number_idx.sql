-- An invoice is found by its number from the public payment endpoints (the widgets: pay an invoice
-- by its number) and from the cabinet (`items[].invoice_number`, `GET /v1/invoices?number=`): without
-- an index every such lookup read the whole invoices table, which grows by one row per account a
-- month. Not unique by constraint (the number is made from the unique (year, seq)).
CREATE INDEX invoices_number_idx ON invoices (number);
