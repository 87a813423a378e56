package com.nrsconnector.unsubscribe;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A server-rendered page and the HTTP status the route answers it with. */
@RegisterForReflection
public record HtmlPage(int status, String html) {
}
