-- SBP payments (issue #16): the QR code's link the acquirer answered (what the payer scans, or opens
-- on a phone) and when it stops being payable. Empty for every other method.
ALTER TABLE payments ADD COLUMN IF NOT EXISTS qr_payload text;
ALTER TABLE payments ADD COLUMN IF NOT EXISTS qr_expires_at timestamptz;
