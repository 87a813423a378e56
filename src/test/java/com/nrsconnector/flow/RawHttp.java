package com.nrsconnector.flow;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A bare HTTP/1.1 client over a socket, one connection per request. Unlike java.net.URI based clients it sends the
 * request target exactly as given, so malformed percent-escapes and odd characters reach the server.
 */
final class RawHttp {

    /** The server's answer; header names are lower case. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        String contentType() {
            return headers.getOrDefault("content-type", "");
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** No complete answer within the time limit. */
    static final class NoAnswerException extends IOException {
        NoAnswerException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final int MAX_ANSWER = 8 * 1024 * 1024;

    private final String host;
    private final int port;
    private final Duration limit;

    RawHttp(String host, int port, Duration limit) {
        this.host = host;
        this.port = port;
        this.limit = limit;
    }

    Answer send(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.min(limit.toMillis(), 5000));
            socket.setSoTimeout((int) limit.toMillis());
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            head.append("Host: ").append(host).append(':').append(port).append("\r\n");
            head.append("Connection: close\r\n");
            headers.forEach((name, value) ->
                    head.append(name).append(": ").append(value).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            try {
                // ISO-8859-1 keeps every char of the head as one byte, as HTTP/1.1 sends it.
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                if (body != null) {
                    out.write(body);
                }
                out.flush();
            } catch (IOException refusedEarly) {
                // The server may answer (413, 400) and close before reading the whole body: read that answer.
            }
            return read(socket.getInputStream(), deadline, method);
        } catch (SocketTimeoutException e) {
            throw new NoAnswerException(method + " " + abbreviate(target) + ": no answer within " + limit, e);
        }
    }

    private Answer read(InputStream in, long deadline, String method) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        int headEnd = -1;
        while (headEnd < 0) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new NoAnswerException(
                        "connection closed before a complete answer head (" + raw.size() + " bytes)", null);
            }
            raw.write(buffer, 0, n);
            headEnd = indexOf(raw.toByteArray(), "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            checkDeadline(deadline, raw.size());
        }
        byte[] all = raw.toByteArray();
        String[] lines = new String(all, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status = Integer.parseInt(statusLine[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(
                        lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(all, headEnd + 4, all.length - headEnd - 4);
        if (!"HEAD".equals(method) && status != 204 && status != 304) {
            String length = headers.get("content-length");
            if (length != null) {
                long expected = Long.parseLong(length);
                while (body.size() < expected) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        throw new NoAnswerException("answer body cut short", null);
                    }
                    body.write(buffer, 0, n);
                    checkDeadline(deadline, body.size());
                }
            } else {
                // Connection: close was asked for, so the body (chunked or not) ends with the connection.
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    body.write(buffer, 0, n);
                    checkDeadline(deadline, body.size());
                }
                if (headers.getOrDefault("transfer-encoding", "")
                        .toLowerCase(Locale.ROOT)
                        .contains("chunked")) {
                    return new Answer(status, headers, dechunk(body.toByteArray()));
                }
            }
        }
        return new Answer(status, headers, body.toByteArray());
    }

    private static void checkDeadline(long deadline, int size) throws NoAnswerException {
        if (System.nanoTime() > deadline) {
            throw new NoAnswerException("answer not complete within the time limit", null);
        }
        if (size > MAX_ANSWER) {
            throw new NoAnswerException("answer larger than " + MAX_ANSWER + " bytes", null);
        }
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, at, "\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (lineEnd < 0) {
                break;
            }
            String sizeText = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size = Integer.parseInt(sizeText, 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, Math.min(size, chunked.length - lineEnd - 2));
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] needle) {
        return indexOf(data, 0, needle);
    }

    private static int indexOf(byte[] data, int from, byte[] needle) {
        outer:
        for (int i = from; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...(" + text.length() + " chars)";
    }
}
