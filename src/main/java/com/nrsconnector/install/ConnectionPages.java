package com.nrsconnector.install;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Body;
import org.apache.camel.Header;
import org.jboss.logging.Logger;

import com.nrsconnector.api.RequestRejectedException;
import com.nrsconnector.store.Portal;
import com.nrsconnector.store.PortalStore;
import com.nrsconnector.unsubscribe.UnsubscribePageSettings;
import com.nrsconnector.unsubscribe.UnsubscribePageSettings.PageSettings;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Route steps of the install flow and the portal's connection page. Each answers a {@link PageAnswer} (status,
 * HTML, redirect, cookie) that the route turns into the HTTP answer. The page is shown only to the session the OAuth
 * callback opened, and each of its forms must carry the session's CSRF token.
 */
@ApplicationScoped
@Named("connectionPages")
@RegisterForReflection
public class ConnectionPages {

    private static final Logger LOG = Logger.getLogger(ConnectionPages.class);
    static final String PAGE = "/oauth/portal";
    static final String DISCONNECTED_MESSAGE = "Your account has been successfully disconnected.";
    static final String UNSUBSCRIBE_PAGE_SAVED = "The unsubscribe page was saved.";
    static final String UNSUBSCRIBE_TEXT = "unsubscribeText";
    static final String UNSUBSCRIBE_LOGO_URL = "unsubscribeLogoUrl";
    static final int MAX_API_USER = 255;
    static final int MAX_API_PASSWORD = 1024;

    @Inject
    HubSpotInstall install;

    @Inject
    InstallSecurity security;

    @Inject
    PortalStore portals;

    @Inject
    NrsAccountCheck accountCheck;

    @Inject
    PortalDisconnection disconnection;

    @Inject
    Templates templates;

    @Inject
    UnsubscribePageSettings unsubscribePageSettings;

    /** GET /oauth/install: off to HubSpot's authorize page. */
    public PageAnswer install() {
        return new PageAnswer(302, "", install.authorizeUrl(), null);
    }

    /** GET /oauth/callback: HubSpot's answer to the authorize page. */
    public PageAnswer callback(
            @Header("code") String code, @Header("state") String state, @Header("error") String error) {
        if (error != null && code == null) {
            // The person declined, or HubSpot refused the request; the state is used up all the same.
            if (state != null) {
                install.consumeState(state);
            }
            String shown = error.length() > 100 ? error.substring(0, 100) + "…" : error;
            return message(
                    400,
                    "Connection cancelled",
                    "HubSpot did not grant access (" + shown
                            + "), so nothing was connected. You can start again whenever you like.",
                    true);
        }
        try {
            HubSpotInstall.Installed installed = install.complete(code, state);
            Session session = security.sessions().open(installed.portalId());
            String location = PAGE + (installed.warnings().isEmpty() ? "" : "?warnings=properties");
            return PageAnswer.redirect(location, security.sessions().setCookie(session));
        } catch (HubSpotInstall.InstallFailedException e) {
            return message(e.status(), "The connection did not complete", e.getMessage(), true);
        }
    }

    /** GET /oauth/portal: the connection page of the session's portal. */
    public PageAnswer connection(
            @Header("Cookie") String cookie, @Header("warnings") String warnings, @Header("saved") String saved) {
        Optional<Session> session = security.sessions().read(cookie);
        if (session.isEmpty()) {
            return noSession();
        }
        Map<String, String> notices = new HashMap<>();
        if ("properties".equals(warnings)) {
            notices.put(
                    "notice",
                    "Some contact properties (mobile_phone_360nrs, mobile_prefix_360nrs, the SMS opt-out) could not be "
                            + "created in HubSpot; create them by hand or connect again.");
        } else if ("unsubscribe-page".equals(saved)) {
            notices.put("notice", UNSUBSCRIBE_PAGE_SAVED);
        }
        return connectionPage(200, session.get(), notices, Map.of(), "");
    }

    /** POST /oauth/portal/account: links the 360nrs account once 360nrs accepts the credentials. */
    public PageAnswer linkAccount(@Header("Cookie") String cookie, @Body Map<String, Object> body) {
        Optional<Session> session = security.sessions().read(cookie);
        if (session.isEmpty()) {
            return noSession();
        }
        Map<String, String> form = FormFields.read(body);
        if (form == null || !security.csrf().matches(session.get(), form.get(CsrfTokens.FIELD))) {
            return forbidden();
        }
        Portal portal = portals.find(session.get().portalId()).orElse(null);
        if (portal == null || !portal.hubspotGranted()) {
            return connectionPage(
                    409,
                    session.get(),
                    Map.of("notice", "This HubSpot account is not connected any more. Connect it again first."),
                    Map.of(),
                    "");
        }
        String apiUser = form.getOrDefault("apiUser", "").trim();
        String apiPassword = form.getOrDefault("apiPassword", "");
        Map<String, String> errors = new HashMap<>();
        if (apiUser.isEmpty()) {
            errors.put("apiUser", "Enter your 360nrs API user.");
        } else if (apiUser.length() > MAX_API_USER || !printable(apiUser) || apiUser.contains(":")) {
            errors.put(
                    "apiUser",
                    "The API user has up to " + MAX_API_USER + " characters, without control characters or ':'.");
        }
        if (apiPassword.isEmpty()) {
            errors.put("apiPassword", "Enter your 360nrs API password.");
        } else if (apiPassword.length() > MAX_API_PASSWORD || !printable(apiPassword)) {
            errors.put(
                    "apiPassword",
                    "The API password has up to " + MAX_API_PASSWORD + " characters, without control characters.");
        }
        if (!errors.isEmpty()) {
            return connectionPage(400, session.get(), Map.of(), errors, apiUser);
        }
        switch (accountCheck.check(apiUser, apiPassword)) {
            case WRONG_CREDENTIALS -> {
                return connectionPage(
                        400,
                        session.get(),
                        Map.of(),
                        Map.of(
                                "apiPassword",
                                "360nrs did not accept this API user and password. Check the API password (it is not your "
                                        + "dashboard login password)."),
                        apiUser);
            }
            case UNAVAILABLE -> {
                return connectionPage(
                        502,
                        session.get(),
                        Map.of(),
                        Map.of(
                                "apiPassword",
                                "360nrs could not be reached to check the account. Nothing was saved; try again in a few "
                                        + "minutes."),
                        apiUser);
            }
            default -> {}
        }
        if (!portals.linkAccount(session.get().portalId(), apiUser, apiPassword)) {
            return connectionPage(
                    409,
                    session.get(),
                    Map.of("notice", "This HubSpot account is not connected any more. Connect it again first."),
                    Map.of(),
                    "");
        }
        LOG.infof("portal %d: 360nrs account linked", session.get().portalId());
        return PageAnswer.redirect(PAGE + "?linked=1", null);
    }

    /**
     * POST /oauth/portal/unsubscribe-page: the text and logo of the portal's unsubscribe page. A value the settings
     * refuse is shown next to its field with what was entered, and nothing is saved.
     */
    public PageAnswer saveUnsubscribePage(@Header("Cookie") String cookie, @Body Map<String, Object> body) {
        Optional<Session> session = security.sessions().read(cookie);
        if (session.isEmpty()) {
            return noSession();
        }
        Map<String, String> form = FormFields.read(body);
        if (form == null || !security.csrf().matches(session.get(), form.get(CsrfTokens.FIELD))) {
            return forbidden();
        }
        long portalId = session.get().portalId();
        Portal portal = portals.find(portalId).orElse(null);
        if (portal == null || !portal.hubspotGranted()) {
            return connectionPage(
                    409,
                    session.get(),
                    Map.of("notice", "This HubSpot account is not connected any more. Connect it again first."),
                    Map.of(),
                    "");
        }
        // Browsers send a textarea's line breaks as CR LF; the page text keeps plain line breaks.
        String text = form.getOrDefault(UNSUBSCRIBE_TEXT, "").replaceAll("\\r\\n?", "\n");
        String logoUrl = form.getOrDefault(UNSUBSCRIBE_LOGO_URL, "");
        try {
            unsubscribePageSettings.save(portalId, text, logoUrl);
        } catch (RequestRejectedException e) {
            String field = "logoUrl".equals(e.field()) ? UNSUBSCRIBE_LOGO_URL : UNSUBSCRIBE_TEXT;
            Map<String, String> entered = new HashMap<>();
            entered.put(UNSUBSCRIBE_TEXT, text);
            entered.put(UNSUBSCRIBE_LOGO_URL, logoUrl);
            return connectionPage(400, session.get(), Map.of(), Map.of(field, sentence(e.getMessage())), "", entered);
        }
        LOG.infof("portal %d: unsubscribe page settings saved", portalId);
        return PageAnswer.redirect(PAGE + "?saved=unsubscribe-page", null);
    }

    /** A POST to a form endpoint whose body is not a form (or an empty one): it cannot carry the CSRF token. */
    public PageAnswer unreadableForm(@Header("Cookie") String cookie) {
        return security.sessions().read(cookie).isEmpty() ? noSession() : forbidden();
    }

    /** POST /oauth/portal/disconnect: "Disconnect from HubSpot". */
    public PageAnswer disconnect(@Header("Cookie") String cookie, @Body Map<String, Object> body) {
        Optional<Session> session = security.sessions().read(cookie);
        if (session.isEmpty()) {
            return noSession();
        }
        Map<String, String> form = FormFields.read(body);
        if (form == null || !security.csrf().matches(session.get(), form.get(CsrfTokens.FIELD))) {
            return forbidden();
        }
        disconnection.disconnect(session.get().portalId(), "disconnected on the connection page", true);
        return connectionPage(200, session.get(), Map.of("notice", DISCONNECTED_MESSAGE), Map.of(), "");
    }

    // ---------------------------------------------------------------- rendering

    private PageAnswer connectionPage(
            int status, Session session, Map<String, String> notices, Map<String, String> errors, String apiUser) {
        return connectionPage(status, session, notices, errors, apiUser, null);
    }

    /** {@code unsubscribeValues}: what the unsubscribe page form shows (null: the saved settings). */
    private PageAnswer connectionPage(
            int status,
            Session session,
            Map<String, String> notices,
            Map<String, String> errors,
            String apiUser,
            Map<String, String> unsubscribeValues) {
        Portal portal = portals.find(session.portalId()).orElse(null);
        String state = portal == null ? "DISCONNECTED" : portal.status();
        String csrf = security.csrf().tokenFor(session);
        Map<String, Templates.Fragment> fragments = new HashMap<>();
        String statusText;
        switch (state) {
            case "CONNECTED" -> statusText = "Connected to HubSpot and to the 360nrs account " + portal.nrsUsername();
            case "INSTALLED" -> statusText = "Connected to HubSpot; no 360nrs account linked yet";
            default -> statusText = "Disconnected";
        }
        if ("CONNECTED".equals(state) || "INSTALLED".equals(state)) {
            Map<String, String> values = new HashMap<>();
            values.put("csrf", csrf);
            values.put("apiUser", apiUser.isEmpty() && portal.nrsUsername() != null ? portal.nrsUsername() : apiUser);
            values.put(
                    "accountText",
                    "CONNECTED".equals(state)
                            ? "Messages are sent through this 360nrs account. Enter other credentials to change it."
                            : "Enter the API user and API password of your 360nrs account. They are checked with 360nrs "
                                    + "before anything is saved.");
            Map<String, Templates.Fragment> fields = new HashMap<>();
            for (String field : List.of("apiUser", "apiPassword")) {
                if (errors.containsKey(field)) {
                    fields.put(
                            field + "Error",
                            templates.fragment("field-error", Map.of("field", field, "message", errors.get(field))));
                    fields.put(field + "Invalid", new Templates.Fragment(" aria-invalid=\"true\""));
                }
            }
            fragments.put("account", new Templates.Fragment(templates.render("account-form", values, fields)));
            fragments.put("unsubscribePage", unsubscribePageForm(session.portalId(), csrf, errors, unsubscribeValues));
            fragments.put("disconnect", templates.fragment("disconnect-form", Map.of("csrf", csrf)));
        } else {
            fragments.put("reconnect", templates.fragment("reconnect", Map.of()));
        }
        if (notices.containsKey("notice")) {
            fragments.put("notice", templates.fragment("notice", Map.of("message", notices.get("notice"))));
        }
        Map<String, String> values = new HashMap<>();
        values.put("portalId", Long.toString(session.portalId()));
        values.put("state", state);
        values.put("statusText", statusText);
        String content = templates.render("connection", values, fragments);
        return PageAnswer.page(status, layout("360nrs for HubSpot: account " + session.portalId(), content));
    }

    private Templates.Fragment unsubscribePageForm(
            long portalId, String csrf, Map<String, String> errors, Map<String, String> entered) {
        Map<String, String> values = new HashMap<>();
        values.put("csrf", csrf);
        if (entered != null) {
            values.putAll(entered);
        } else {
            Optional<PageSettings> saved = unsubscribePageSettings.find(portalId);
            values.put(UNSUBSCRIBE_TEXT, saved.map(PageSettings::text).orElse(""));
            values.put(UNSUBSCRIBE_LOGO_URL, saved.map(PageSettings::logoUrl).orElse(""));
        }
        Map<String, Templates.Fragment> fields = new HashMap<>();
        for (String field : List.of(UNSUBSCRIBE_TEXT, UNSUBSCRIBE_LOGO_URL)) {
            if (errors.containsKey(field)) {
                fields.put(
                        field + "Error",
                        templates.fragment("field-error", Map.of("field", field, "message", errors.get(field))));
                fields.put(field + "Invalid", new Templates.Fragment(" aria-invalid=\"true\""));
            }
        }
        return new Templates.Fragment(templates.render("unsubscribe-page-form", values, fields));
    }

    /** A refusal's message as a sentence: capital first letter, final full stop. */
    private static String sentence(String message) {
        if (message == null || message.isBlank()) {
            return "This value cannot be saved.";
        }
        String text = Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return text.endsWith(".") ? text : text + ".";
    }

    private PageAnswer noSession() {
        return message(
                401,
                "Session expired",
                "This page opens from the HubSpot connection. Your session is "
                        + "missing or has expired: connect again to reach it.",
                true);
    }

    private PageAnswer forbidden() {
        return message(
                403,
                "Form expired",
                "This form is no longer valid (missing or wrong security token). " + "Reload the page and try again.",
                false);
    }

    private PageAnswer message(int status, String title, String text, boolean offerInstall) {
        Map<String, Templates.Fragment> fragments =
                offerInstall ? Map.of("action", templates.fragment("reconnect", Map.of())) : Map.of();
        String content = templates.render("message", Map.of("title", title, "message", text), fragments);
        return PageAnswer.page(status, layout(title, content));
    }

    private String layout(String title, String content) {
        return templates.render("layout", Map.of("title", title), Map.of("content", new Templates.Fragment(content)));
    }

    private static boolean printable(String value) {
        return value.codePoints().noneMatch(c -> Character.isISOControl(c));
    }
}
