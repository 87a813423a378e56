-- A deal-based workflow execution sends to each of the deal's associated contacts. Its contacts are read from HubSpot
-- after the execution is acknowledged: recipients_state is PENDING until then (NULL for contact-based executions,
-- whose one message is stored with the execution), DONE once one message per contact is stored, FAILED if HubSpot
-- refused the read (the execution then completes NOT_SENT with the reason).
ALTER TABLE action_request ADD COLUMN recipients_state VARCHAR(20);
ALTER TABLE action_request ADD COLUMN recipients_attempts INT NOT NULL DEFAULT 0;
ALTER TABLE action_request ADD COLUMN recipients_next_attempt_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE action_request ADD COLUMN recipients_error VARCHAR(2000);
CREATE INDEX action_request_recipients_idx ON action_request (recipients_state, recipients_next_attempt_at);
