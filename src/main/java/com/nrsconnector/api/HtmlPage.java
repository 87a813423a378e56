package com.nrsconnector.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A server-rendered page, the HTTP status the route answers it with, and what a browser may do with it. */
@RegisterForReflection
public record HtmlPage(int status, String html, PagePolicy policy) {

    /** A page without scripts, never framed: the strictest policy unless a page needs another. */
    public HtmlPage(int status, String html) {
        this(status, html, PagePolicy.SCRIPTLESS);
    }
}
