package com.nrsconnector.docs;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code curl} command line as the docs write it, read the way a POSIX shell would split it. Only the options the
 * docs use are understood; anything else (a variable, a pipe, an unknown option) is refused, so a step the test could
 * not run exactly as a reader would fails instead of being half-run.
 */
record CurlCommand(String method, String url, Map<String, String> headers, String body, String basicAuth) {

    static CurlCommand parse(String commandLine) {
        List<String> words = words(commandLine);
        if (words.isEmpty() || !words.get(0).equals("curl")) {
            throw new IllegalArgumentException("not a curl command: " + commandLine);
        }
        String method = null;
        String url = null;
        String body = null;
        String basicAuth = null;
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            switch (word) {
                case "-s" -> {}
                case "-X" -> method = argument(words, ++i, word);
                case "-H" -> {
                    String header = argument(words, ++i, word);
                    int colon = header.indexOf(':');
                    if (colon < 1) {
                        throw new IllegalArgumentException("header without a name: " + header);
                    }
                    headers.put(
                            header.substring(0, colon).trim(),
                            header.substring(colon + 1).trim());
                }
                case "-d" -> body = body == null ? argument(words, ++i, word) : body + "&" + argument(words, ++i, word);
                case "-u" -> basicAuth = argument(words, ++i, word);
                default -> {
                    if (word.startsWith("-") || url != null) {
                        throw new IllegalArgumentException("the test does not know how to run '" + word + "'");
                    }
                    url = word;
                }
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("no URL in: " + commandLine);
        }
        // As curl: data makes a POST, sent as a form unless a Content-Type says otherwise.
        if (body != null) {
            method = method == null ? "POST" : method;
            headers.putIfAbsent("Content-Type", "application/x-www-form-urlencoded");
        }
        return new CurlCommand(method == null ? "GET" : method, url, Map.copyOf(headers), body, basicAuth);
    }

    /** The request, with {@code localhost:8080} of the docs pointed at {@code hostAndPort}. */
    HttpRequest request(String hostAndPort) {
        String target = url.startsWith("http://") || url.startsWith("https://") ? url : "http://" + url;
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(target.replace("localhost:8080", hostAndPort)))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(builder::header);
        if (basicAuth != null) {
            builder.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(basicAuth.getBytes(StandardCharsets.UTF_8)));
        }
        return builder.build();
    }

    boolean repeatable() {
        return method.equals("GET");
    }

    private static String argument(List<String> words, int index, String option) {
        if (index >= words.size()) {
            throw new IllegalArgumentException(option + " without its argument");
        }
        return words.get(index);
    }

    /** Shell word splitting for the quoting the docs use: single quotes, double quotes, line continuations. */
    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '\n') {
                i++;
                continue;
            }
            if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            word = word == null ? new StringBuilder() : word;
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed single quote in: " + line);
                }
                word.append(line, i + 1, end);
                i = end;
            } else if (c == '"') {
                int end = i + 1;
                for (; end < line.length() && line.charAt(end) != '"'; end++) {
                    char inner = line.charAt(end);
                    if (inner == '$' || inner == '`') {
                        throw new IllegalArgumentException("shell expansion in a double-quoted word: " + line);
                    }
                    if (inner == '\\' && end + 1 < line.length()) {
                        end++;
                        inner = line.charAt(end);
                    }
                    word.append(inner);
                }
                if (end >= line.length()) {
                    throw new IllegalArgumentException("unclosed double quote in: " + line);
                }
                i = end;
            } else if ("$`|;&<>*?(){}[]\\".indexOf(c) >= 0) {
                throw new IllegalArgumentException(
                        "'" + c + "' outside quotes: the test runs plain curl commands only: " + line);
            } else {
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
