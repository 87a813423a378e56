package com.nrsconnector.config;

/** Joins configured base URLs (with or without a trailing slash) and paths. */
public final class Urls {

    private Urls() {}

    public static String join(String base, String path) {
        String left = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return path.startsWith("/") || path.isEmpty() ? left + path : left + "/" + path;
    }
}
