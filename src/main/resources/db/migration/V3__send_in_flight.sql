-- Set just before 360nrs is called and cleared once the outcome is recorded. A claimed send that still carries it
-- was interrupted mid-call (the instance died): 360nrs may have accepted it, so it is not sent again blindly.
ALTER TABLE send_queue ADD COLUMN in_flight_since TIMESTAMP WITH TIME ZONE;
