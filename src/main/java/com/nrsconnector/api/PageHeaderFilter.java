package com.nrsconnector.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * The HTTP header filter of the connector's pages and forms (unsubscribe, install and connection pages, the contact
 * card and its forms): Camel's usual one, but letting the route's {@code Cache-Control} through, so pages holding a
 * nonce, a CSRF token or contact data are never stored by a cache.
 */
@ApplicationScoped
@Named("pageHeaderFilter")
public class PageHeaderFilter extends HttpHeaderFilterStrategy {

    @Override
    protected void initialize() {
        super.initialize();
        getOutFilter().remove("cache-control");
    }
}
