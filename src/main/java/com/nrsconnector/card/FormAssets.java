package com.nrsconnector.card;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import com.nrsconnector.api.RequestRejectedException;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The send forms' static files (page, script, styles), read once from the application's resources ({@code forms/}).
 * Only the files listed here are served; they hold no data of any contact or portal.
 */
@ApplicationScoped
@Named("formAssets")
@RegisterForReflection
public class FormAssets {

    /** A static file and its media type. */
    @RegisterForReflection
    public record Asset(String contentType, String text) {}

    private static final Map<String, String> SERVED = Map.of(
            "form.js", "text/javascript; charset=utf-8",
            "sms.js", "text/javascript; charset=utf-8",
            "voice.js", "text/javascript; charset=utf-8",
            "sms.css", "text/css; charset=utf-8");

    private final Map<String, String> cache = new ConcurrentHashMap<>();

    /** Route step: the script or style sheet of that name; 404 for anything else. */
    public Asset asset(String name) {
        String type = name == null ? null : SERVED.get(name);
        if (type == null) {
            throw RequestRejectedException.notFound("no such form file: " + (name == null ? "" : abbreviate(name)));
        }
        return new Asset(type, text(name));
    }

    /** A page of the forms, as HTML text. */
    public String text(String name) {
        return cache.computeIfAbsent(name, FormAssets::read);
    }

    private static String read(String name) {
        try (InputStream in = FormAssets.class.getResourceAsStream("/forms/" + name)) {
            if (in == null) {
                throw new IllegalStateException("forms/" + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String abbreviate(String name) {
        String shown = name.length() > 60 ? name.substring(0, 60) + "…" : name;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
