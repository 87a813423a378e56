-- When the portal last installed the app (its last OAuth callback). An uninstall HubSpot announces twice, by webhook
-- and in the webhooks journal, or late, must not disconnect an installation made after it.
ALTER TABLE portal ADD COLUMN installed_at TIMESTAMP WITH TIME ZONE;
