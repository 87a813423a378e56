package com.nrsconnector.install;

import java.time.Clock;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.nrsconnector.config.ConnectorConfig;

/** The signers of the install flow, built once from the session key. */
@ApplicationScoped
public class InstallSecurity {

    private final StateSigner states;
    private final SessionCookies sessions;
    private final CsrfTokens csrf;

    @Inject
    public InstallSecurity(ConnectorConfig config) {
        String key = config.secrets().sessionKey();
        Clock clock = Clock.systemUTC();
        this.states = new StateSigner(key, config.install().stateMaxAge(), clock);
        this.sessions = new SessionCookies(
                key,
                config.install().sessionMaxAge(),
                config.publicBaseUrl().toLowerCase(Locale.ROOT).startsWith("https:"),
                clock);
        this.csrf = new CsrfTokens(key);
    }

    public StateSigner states() {
        return states;
    }

    public SessionCookies sessions() {
        return sessions;
    }

    public CsrfTokens csrf() {
        return csrf;
    }
}
