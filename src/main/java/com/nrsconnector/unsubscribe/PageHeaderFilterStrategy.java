package com.nrsconnector.unsubscribe;

import org.apache.camel.http.base.HttpHeaderFilterStrategy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * The HTTP header filter of the unsubscribe page's endpoints: Camel's usual one, but letting the route's
 * {@code Cache-Control} through, so the pages (and the confirmation nonce in them) are never stored by a cache.
 */
@ApplicationScoped
@Named("pageHeaderFilter")
public class PageHeaderFilterStrategy extends HttpHeaderFilterStrategy {

    @Override
    protected void initialize() {
        super.initialize();
        getOutFilter().remove("cache-control");
    }
}
