package com.nrsconnector.send;

import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.ExchangeProperty;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.ops.WatchedPropertiesFile;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Sends per second per 360nrs account, as the dispatcher's gate ({@link SendGate}) asks for them on every round: the
 * account's line in the rates file ({@code <account>=<sends per second>}, read again when it changes) or else
 * {@code connector.nrs.send-rate-per-second}.
 */
@ApplicationScoped
@Named("sendRates")
@RegisterForReflection
public class SendRates {

    private final int defaultRate;
    private final WatchedPropertiesFile<Integer> file;

    @Inject
    public SendRates(ConnectorConfig config) {
        this(config.nrs().sendRatePerSecond(), Path.of(config.nrs().sendRatesFile()));
    }

    SendRates(int defaultRate, Path file) {
        this.defaultRate = defaultRate;
        this.file = new WatchedPropertiesFile<>(file, SendRates::parseRate);
    }

    /** The account's sends per second. */
    public int rateFor(@ExchangeProperty("nrsAccount") String account) {
        Integer rate = account == null ? null : file.values().get(account);
        return rate != null ? rate : defaultRate;
    }

    private static Integer parseRate(String value) {
        try {
            int rate = Integer.parseInt(value);
            return rate > 0 ? rate : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
