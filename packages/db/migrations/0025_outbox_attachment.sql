-- An outgoing e-mail may carry an attachment (issue 16: the fiscal receipt's e-mail carries the PDF
-- receipt). The row keeps a reference to what to attach, e.g. {"kind":"receipt_pdf","receipt_id":"…"},
-- never the bytes: the outbox worker renders it at send time with the same builder as the download.
-- Runs on PostgreSQL 15 and PGlite. See docs/receipts.md.
ALTER TABLE outbox_messages ADD COLUMN attachment jsonb;
