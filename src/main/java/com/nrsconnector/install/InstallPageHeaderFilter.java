package com.nrsconnector.install;

import org.apache.camel.http.base.HttpHeaderFilterStrategy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * The HTTP header filter of the install and connection pages: Camel's usual one, but letting the route's
 * {@code Cache-Control} through, so pages that hold a session's CSRF token are never stored by a cache.
 */
@ApplicationScoped
@Named("installPageHeaderFilter")
public class InstallPageHeaderFilter extends HttpHeaderFilterStrategy {

    public InstallPageHeaderFilter() {
        getOutFilter().remove("cache-control");
    }
}
