-- The 360nrs request a message went in: its reference (the lowest message id of the request, the ref its notification
-- URL carries, signed). Set with the number, just before the request is made, so that a delivery report (ref + the
-- recipient's number) finds its message, also when it overtakes the request's answer. Null for messages sent before
-- requests carried several recipients: their reports carry their own id as ref. Package messaging owns this table.
ALTER TABLE message ADD COLUMN request_ref BIGINT;
CREATE INDEX message_request_ref_idx ON message (request_ref, phone);
