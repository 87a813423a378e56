-- Both HubSpot outboxes keep the last error of a row that is retried or given up (the timeline one already did).
ALTER TABLE action_request ADD COLUMN completion_error VARCHAR(2000);
