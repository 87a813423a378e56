-- Held provider events are re-checked on a schedule, so events that can never apply do not starve newer ones.
ALTER TABLE provider_callback ADD COLUMN next_check_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP;
CREATE INDEX provider_callback_held_idx ON provider_callback (state, next_check_at);
