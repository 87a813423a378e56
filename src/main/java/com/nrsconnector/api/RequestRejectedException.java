package com.nrsconnector.api;

/** An inbound request refused with an HTTP status and a message that says what is wrong (and which field). */
public class RequestRejectedException extends RuntimeException {

    private final int status;
    private final String field;

    public RequestRejectedException(int status, String message, String field) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public static RequestRejectedException badRequest(String field, String message) {
        return new RequestRejectedException(400, message, field);
    }

    public static RequestRejectedException unauthorized(String message) {
        return new RequestRejectedException(401, message, null);
    }

    public static RequestRejectedException notFound(String message) {
        return new RequestRejectedException(404, message, null);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    /** The WWW-Authenticate challenge a 401 carries, if any. */
    public String challenge() {
        return null;
    }
}
