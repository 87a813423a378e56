package com.nrsconnector.nrs;

import java.util.List;
import java.util.function.Predicate;

/** 360nrs's answer to one request, per recipient: {@code results} in the order of the request's numbers. */
public record NrsRequestResult(int status, List<NrsSendResult> results) {

    public NrsRequestResult {
        results = List.copyOf(results);
    }

    public NrsSendResult of(int recipient) {
        return results.get(recipient);
    }

    public long count(Predicate<NrsSendResult> which) {
        return results.stream().filter(which).count();
    }
}
