package com.nrsconnector.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import com.nrsconnector.install.PortalDisconnection;
import com.nrsconnector.sandbox.NrsSandbox;
import com.nrsconnector.store.Db;
import com.nrsconnector.support.Browser;
import com.nrsconnector.unsubscribe.UnsubscribePageSettings;
import com.nrsconnector.unsubscribe.UnsubscribePageSettings.PageSettings;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Connecting a portal in headless Chromium as a customer does it: install (HubSpot's stand-in approves at once as
 * portal 62516), the connection page, linking the 360nrs account with a wrong password first, then the right one,
 * the unsubscribe page's text and logo, and disconnecting. The browser follows the redirects and keeps the session
 * cookie itself. Screenshots of each page are kept under target/screenshots/.
 */
@QuarkusTest
class ConnectionPageBrowserTest {

    private static final long PORTAL = 62516;

    @Inject
    Db db;

    @Inject
    PortalDisconnection disconnection;

    @Inject
    UnsubscribePageSettings unsubscribePageSettings;

    private Browser browser;

    @BeforeEach
    void startBrowser(TestInfo test) {
        // The portal starts as a new customer's: not linked to a 360nrs account, default unsubscribe page.
        String status = db.queryOne("SELECT status FROM portal WHERE portal_id = ?", r -> r.getString(1), PORTAL)
                .orElse("NONE");
        if ("CONNECTED".equals(status) || "INSTALLED".equals(status)) {
            disconnection.disconnect(PORTAL, "browser test setup");
        }
        unsubscribePageSettings.save(PORTAL, null, null);
        browser = Browser.start(getClass().getSimpleName() + "-"
                + test.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.screenshot("last");
            browser.close();
        }
    }

    private String status() {
        return browser.find("portal-status").getAttribute("data-status");
    }

    /** Clears a field and types the value, as a person would. */
    private void type(String id, String value) {
        WebElement field = browser.find(id);
        field.clear();
        field.sendKeys(value);
    }

    @Test
    void installLinkTheAccountCustomizeTheUnsubscribePageAndDisconnect() {
        browser.open(CardCalls.publicBaseUrl() + "/oauth/install");
        browser.until(d -> !d.findElements(By.id("portal-status")).isEmpty());
        assertEquals(
                CardCalls.publicBaseUrl() + "/oauth/portal", browser.driver().getCurrentUrl());
        assertEquals("62516", browser.find("portal-id").getText());
        assertEquals("INSTALLED", status());
        assertEquals(
                "Connected to HubSpot; no 360nrs account linked yet",
                browser.find("portal-status").getText());
        browser.screenshot("connection-page");

        // A wrong password: the error is next to the password field, and nothing is linked.
        type("apiUser", NrsSandbox.USERNAME);
        type("apiPassword", "not-the-password");
        browser.find("link-account").click();
        String error = browser.awaitText("apiPassword-error", "360nrs did not accept this API user and password");
        assertEquals("true", browser.find("apiPassword").getAttribute("aria-invalid"), error);
        assertEquals(NrsSandbox.USERNAME, browser.find("apiUser").getAttribute("value"), "the user is kept");
        assertEquals("", browser.find("apiPassword").getAttribute("value"), "the password is not shown again");
        assertEquals("INSTALLED", status());
        browser.screenshot("wrong-password");

        // The right one links the account: the portal is connected.
        type("apiPassword", NrsSandbox.API_PASSWORD);
        browser.find("link-account").click();
        browser.awaitText("portal-status", "Connected to HubSpot and to the 360nrs account " + NrsSandbox.USERNAME);
        assertEquals("CONNECTED", status());
        assertTrue(browser.driver().findElements(By.id("apiPassword-error")).isEmpty());
        browser.screenshot("connected");

        // The unsubscribe page: a logo that is not https is refused next to its field, and nothing is saved.
        type("unsubscribeText", "ACME Seguros <b>lamenta</b> verte marchar.\n\nPuedes volver cuando quieras.");
        type("unsubscribeLogoUrl", "http://cdn.example.com/acme-logo.png");
        browser.find("save-unsubscribe-page").click();
        browser.awaitText("unsubscribeLogoUrl-error", "The logo URL must be an absolute https URL");
        assertEquals("true", browser.find("unsubscribeLogoUrl").getAttribute("aria-invalid"));
        assertEquals(
                "http://cdn.example.com/acme-logo.png",
                browser.find("unsubscribeLogoUrl").getAttribute("value"));
        assertTrue(
                browser.find("unsubscribeText").getAttribute("value").startsWith("ACME Seguros <b>lamenta</b>"),
                "what was entered is kept, as text");
        assertEquals(Optional.of(new PageSettings(PORTAL, null, null)), unsubscribePageSettings.find(PORTAL));
        browser.screenshot("unsubscribe-page-refused");

        type("unsubscribeLogoUrl", "https://cdn.example.com/acme-logo.png");
        browser.find("save-unsubscribe-page").click();
        browser.awaitText("notice", "The unsubscribe page was saved.");
        assertEquals(
                "ACME Seguros <b>lamenta</b> verte marchar.\n\nPuedes volver cuando quieras.",
                browser.find("unsubscribeText").getAttribute("value"));
        assertEquals(
                "https://cdn.example.com/acme-logo.png",
                browser.find("unsubscribeLogoUrl").getAttribute("value"));
        assertTrue(
                browser.driver().findElements(By.id("unsubscribeLogoUrl-error")).isEmpty());
        assertEquals(
                Optional.of(new PageSettings(
                        PORTAL,
                        "ACME Seguros <b>lamenta</b> verte marchar.\n\n" + "Puedes volver cuando quieras.",
                        "https://cdn.example.com/acme-logo.png")),
                unsubscribePageSettings.find(PORTAL));
        assertEquals("CONNECTED", status());
        browser.screenshot("unsubscribe-page-saved");

        // Disconnect from HubSpot.
        browser.find("disconnect").click();
        browser.awaitText("notice", "Your account has been successfully disconnected.");
        assertEquals("DISCONNECTED", status());
        assertTrue(browser.driver().findElements(By.id("link-account")).isEmpty());
        assertTrue(browser.find("connect").isDisplayed(), "it offers to connect again");
        browser.screenshot("disconnected");
        assertEquals(
                "DISCONNECTED",
                db.queryOne("SELECT status FROM portal WHERE portal_id = ?", r -> r.getString(1), PORTAL)
                        .orElseThrow());
    }
}
