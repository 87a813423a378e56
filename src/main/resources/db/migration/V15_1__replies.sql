-- Replies from recipients (360nrs forwards them to /callbacks/360nrs/replies).

-- What a provider event shows on the timeline (a reply's text), kept with the event so that one held for its
-- predecessor (a reply before the delivery report) is applied with it later. Package messaging owns this table.
ALTER TABLE provider_callback ADD COLUMN details VARCHAR(2000);

-- How the number opted out ('unsubscribe link', or 'reply STOP' for an opt-out keyword in a reply), for the reason of
-- the sends it refuses. Package unsubscribe owns this table.
ALTER TABLE opt_out ADD COLUMN source VARCHAR(100) NOT NULL DEFAULT 'unsubscribe link';

-- A reply is matched to the latest message sent to its number from the sender it answers.
CREATE INDEX message_phone_sender_idx ON message (phone, sender);
