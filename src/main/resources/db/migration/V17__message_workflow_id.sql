-- The workflow whose action sent the message (HubSpot's context.workflowId), for the statistics per workflow. Null
-- for messages sent from the contact card. Package messaging owns this table.
ALTER TABLE message ADD COLUMN workflow_id BIGINT;
CREATE INDEX message_portal_created_idx ON message (portal_id, created_at);
