package com.nrsconnector.nrs;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.ops.WatchedPropertiesFile;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a 360nrs delivery-report status (the %d of the notification URL) means here: DELIVERED, NOT_DELIVERED, or
 * IGNORE for intermediate reports. The mapping file ({@code <code>=<status>}, read again when it changes) comes first,
 * then {@code connector.nrs.delivery-status.<code>}; a code in neither is UNKNOWN.
 */
@ApplicationScoped
@Named("deliveryStatusMapping")
@RegisterForReflection
public class DeliveryStatusMapping {

    public static final String DELIVERED = "DELIVERED";
    public static final String NOT_DELIVERED = "NOT_DELIVERED";
    public static final String IGNORE = "IGNORE";
    public static final String UNKNOWN = "UNKNOWN";
    private static final Set<String> STATUSES = Set.of(DELIVERED, NOT_DELIVERED, IGNORE);

    private final Map<String, String> configured;
    private final WatchedPropertiesFile<String> file;

    @Inject
    public DeliveryStatusMapping(ConnectorConfig config) {
        this(config.nrs().deliveryStatus(), Path.of(config.nrs().deliveryStatusFile()));
    }

    DeliveryStatusMapping(Map<String, String> configured, Path file) {
        this.configured = Map.copyOf(configured);
        this.file = new WatchedPropertiesFile<>(file, DeliveryStatusMapping::parseStatus);
    }

    /** The status a provider code stands for, or UNKNOWN. */
    public String map(String providerStatus) {
        if (providerStatus == null) {
            return UNKNOWN;
        }
        String code = providerStatus.trim();
        String mapped = file.values().get(code);
        return mapped != null ? mapped : configured.getOrDefault(code, UNKNOWN);
    }

    /**
     * The status a provider code stands for in a voice call's report: a {@code voice.<code>} entry (file, then
     * configuration) when there is one, else what the code means for SMS.
     */
    public String mapVoice(String providerStatus) {
        if (providerStatus == null) {
            return UNKNOWN;
        }
        String key = "voice." + providerStatus.trim();
        String mapped = file.values().get(key);
        if (mapped == null) {
            mapped = configured.get(key);
        }
        return mapped != null ? mapped : map(providerStatus);
    }

    private static String parseStatus(String value) {
        return STATUSES.contains(value) ? value : null;
    }
}
