package com.nrsconnector.install;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.nrsconnector.store.Db;

/**
 * Install states that work once: each is signed ({@link StateSigner}) and its nonce is kept until the callback uses
 * it. A forged, altered, expired or already used state is refused.
 */
@ApplicationScoped
public class OAuthStates {

    @Inject
    Db db;

    @Inject
    InstallSecurity security;

    /** A new state for an install about to start. */
    public String issue() {
        StateSigner.Issued issued = security.states().issue();
        db.update("DELETE FROM oauth_state WHERE expires_at < ?", Db.timestamp(Instant.now()));
        db.update(
                "INSERT INTO oauth_state (nonce, expires_at) VALUES (?, ?)",
                issued.nonce(),
                Db.timestamp(issued.expiresAt()));
        return issued.state();
    }

    /** Whether the state is one of ours, unexpired and unused; it is used up by this call. */
    public boolean consume(String state) {
        return security.states()
                .verify(state)
                .map(nonce -> db.update(
                                "DELETE FROM oauth_state WHERE nonce = ? AND expires_at > ?",
                                nonce,
                                Db.timestamp(Instant.now()))
                        == 1)
                .orElse(false);
    }
}
