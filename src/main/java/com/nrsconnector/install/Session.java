package com.nrsconnector.install;

import java.time.Instant;

/** The connection page's session: which portal it may show, until when. The id keys its CSRF token. */
public record Session(long portalId, String id, Instant expiresAt) {}
