-- Branching that never hangs (package workflow owns action_request, package messaging owns message).

-- What a workflow execution waits for before it is completed: DELIVERY (the final status; the default) or SEND (the
-- send's outcome: sent or not sent), from the action's waitFor input field.
ALTER TABLE action_request ADD COLUMN wait_for VARCHAR(10) NOT NULL DEFAULT 'DELIVERY';

-- The background route that settles messages whose delivery report never came finds SENT messages by the time their
-- status last changed.
CREATE INDEX message_status_updated_idx ON message (status, updated_at);
