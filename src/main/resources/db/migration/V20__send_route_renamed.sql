-- The route that calls 360nrs carries SMS and voice calls alike and is now named send-request: the dead letters it
-- left as send-sms keep being listed, filtered and replayed under the new name.
UPDATE dead_letter SET route_id = 'send-request' WHERE route_id = 'send-sms';
