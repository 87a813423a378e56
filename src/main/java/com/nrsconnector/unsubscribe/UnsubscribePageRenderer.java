package com.nrsconnector.unsubscribe;

/**
 * Renders the unsubscribe pages as plain HTML with inline CSS and no script. Every value that is not the page's own
 * (portal text, logo URL, number, token, nonce) is escaped, so neither a portal's text nor contact data can add markup.
 * Stable ids for browser tests: {@code unsubscribe-confirm} (the button), {@code unsubscribe-message} (the result
 * text), {@code unsubscribe-error} (the error text).
 */
final class UnsubscribePageRenderer {

    private static final String STYLE = """
            body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;\
            background:#f5f7fa;color:#1f2933}\
            main{max-width:28rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:8px;\
            box-shadow:0 1px 4px rgba(0,0,0,.12)}\
            .logo{display:block;max-width:100%;max-height:5rem;margin:0 auto 1.5rem}\
            h1{font-size:1.4rem;margin:0 0 1rem}\
            p{line-height:1.5;margin:0 0 1rem;overflow-wrap:anywhere}\
            .number{color:#52606d}\
            button{font:inherit;font-weight:600;padding:.75rem 1.5rem;border:0;border-radius:6px;background:#c62828;\
            color:#fff;cursor:pointer;width:100%}\
            button:focus{outline:3px solid #1e88e5;outline-offset:2px}\
            .error{color:#b71c1c}""";

    private UnsubscribePageRenderer() {}

    /** The confirmation page: the portal's logo and text (or the default), the masked number, and the button. */
    static String confirmation(
            PageLanguage language, String text, String logoUrl, String phone, String token, String nonce) {
        StringBuilder body = new StringBuilder();
        body.append("<h1 id=\"unsubscribe-title\">")
                .append(escape(language.title))
                .append("</h1>\n");
        paragraphs(body, text == null ? language.defaultText : text, "unsubscribe-text");
        if (phone != null) {
            body.append("<p class=\"number\">")
                    .append(escape(language.numberLabel))
                    .append(": <span>")
                    .append(escape(masked(phone)))
                    .append("</span></p>\n");
        }
        // The form posts back to this page's own address (relative to /u/<token>).
        body.append("<form method=\"post\" action=\"")
                .append(escape(token))
                .append("\" aria-labelledby=\"unsubscribe-title\">\n")
                .append("<input type=\"hidden\" name=\"confirm\" value=\"")
                .append(escape(nonce))
                .append("\">\n")
                .append("<button type=\"submit\" id=\"unsubscribe-confirm\">")
                .append(escape(language.confirmButton))
                .append("</button>\n</form>\n");
        return page(language, language.title, logoUrl, body);
    }

    /** The page after a confirmation (or for a number that had opted out already). */
    static String result(PageLanguage language, String logoUrl, boolean alreadyDone) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>").append(escape(language.title)).append("</h1>\n");
        body.append("<p id=\"unsubscribe-message\" role=\"status\">")
                .append(escape(alreadyDone ? language.alreadyDone : language.done))
                .append("</p>\n");
        return page(language, language.title, logoUrl, body);
    }

    /** An error page: nothing was changed. */
    static String error(PageLanguage language, String message) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>").append(escape(language.errorTitle)).append("</h1>\n");
        body.append("<p id=\"unsubscribe-error\" class=\"error\" role=\"alert\">")
                .append(escape(message))
                .append("</p>\n");
        return page(language, language.errorTitle, null, body);
    }

    private static String page(PageLanguage language, String title, String logoUrl, CharSequence body) {
        StringBuilder html = new StringBuilder(2048);
        html.append("<!DOCTYPE html>\n<html lang=\"")
                .append(language.code)
                .append("\">\n<head>\n")
                .append("<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"robots\" content=\"noindex, nofollow\">\n")
                .append("<meta name=\"referrer\" content=\"no-referrer\">\n")
                .append("<title>")
                .append(escape(title))
                .append("</title>\n")
                .append("<style>")
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n<main>\n");
        if (logoUrl != null) {
            html.append("<img class=\"logo\" src=\"").append(escape(logoUrl)).append("\" alt=\"Logo\">\n");
        }
        html.append(body).append("</main>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void paragraphs(StringBuilder body, String text, String id) {
        body.append("<div id=\"").append(id).append("\">\n");
        for (String paragraph : text.split("\\R\\s*\\R")) {
            if (!paragraph.isBlank()) {
                body.append("<p>")
                        .append(escape(paragraph.strip()).replaceAll("\\R", "<br>"))
                        .append("</p>\n");
            }
        }
        body.append("</div>\n");
    }

    /** All but the last three digits hidden: enough for the recipient to recognise the number, little to anyone else. */
    static String masked(String phone) {
        int visible = Math.min(3, phone.length());
        return "•".repeat(Math.max(0, phone.length() - visible)) + phone.substring(phone.length() - visible);
    }

    /** HTML-escapes text for element content and quoted attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\0' -> out.append('\uFFFD');
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
