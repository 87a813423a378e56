package com.nrsconnector.flow;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;

import com.nrsconnector.store.Db;
import com.nrsconnector.support.Browser;
import com.nrsconnector.unsubscribe.UnsubscribePageSettings;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The unsubscribe link of a sent SMS in headless Chromium: the page with the portal's text and logo, the
 * confirmation and its result, and a link with one character changed, which shows the error page. Screenshots of
 * each page are kept under target/screenshots/.
 */
@QuarkusTest
class UnsubscribePageBrowserTest {

    private static final long DEMO_PORTAL = 62515;
    private static final Pattern LINK = Pattern.compile("https?://\\S+/u/[0-9a-z]+\\.[A-Za-z0-9_-]{22}");

    @Inject
    Db db;

    @Inject
    UnsubscribePageSettings unsubscribePageSettings;

    private Browser browser;

    @BeforeEach
    void startBrowser(TestInfo test) {
        browser = Browser.start(getClass().getSimpleName() + "-"
                + test.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void stopBrowser() {
        unsubscribePageSettings.save(DEMO_PORTAL, null, null);
        if (browser != null) {
            browser.screenshot("last");
            browser.close();
        }
    }

    @Test
    void aSentLinkConfirmedUnsubscribesAndAnAlteredLinkShowsTheErrorPage() {
        unsubscribePageSettings.save(
                DEMO_PORTAL,
                "ACME Seguros <script>document.title='pwned'</script>\n\n" + "Sentimos que te vayas.",
                "https://cdn.example.com/acme-logo.png");
        String phone =
                "3461" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
        String contact = Sandbox.createContact(Map.of("firstname", "Marta", "mobilephone", "+" + phone));
        String marker = Sandbox.marker();
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "actionType",
                        "SEND_SMS",
                        "portalId",
                        DEMO_PORTAL,
                        "contactId",
                        contact,
                        "inputFields",
                        Map.of("sender", "ACME", "message", "Hola " + marker + ". Baja: {UNSUB_URL}"),
                        "callbackId",
                        "unsub-browser-" + UUID.randomUUID()))
                .post("/sandbox/hubspot/workflows/enroll")
                .then()
                .statusCode(200);
        String sms = await().atMost(Sandbox.WAIT)
                .until(
                        () -> given()
                                .get("/sandbox/360nrs/messages")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath()
                                .getList("message", String.class)
                                .stream()
                                .filter(m -> m.contains(marker))
                                .findFirst()
                                .orElse(null),
                        m -> m != null);
        Matcher matcher = LINK.matcher(sms);
        assertTrue(matcher.find(), "an unsubscribe link in " + sms);
        String link = matcher.group();
        Sandbox.awaitEventTypes(contact, events -> events.contains("SMS_DELIVERED"));

        // The page: the portal's logo and text (as text, never markup), the number's last digits, the button.
        browser.open(link);
        browser.until(d -> d.findElement(By.id("unsubscribe-confirm")).isDisplayed());
        String text = browser.find("unsubscribe-text").getText();
        assertTrue(text.startsWith("ACME Seguros <script>document.title='pwned'</script>"), text);
        assertTrue(text.endsWith("Sentimos que te vayas."), text);
        assertEquals(
                "https://cdn.example.com/acme-logo.png",
                browser.driver().findElement(By.cssSelector("img.logo")).getAttribute("src"));
        assertTrue(browser.driver()
                .findElement(By.tagName("main"))
                .getText()
                .contains(phone.substring(phone.length() - 3)));
        assertFalse(browser.driver().findElement(By.tagName("main")).getText().contains(phone));
        assertFalse(browser.driver().getTitle().contains("pwned"));
        assertEquals("Unsubscribe", browser.find("unsubscribe-confirm").getText());
        browser.screenshot("unsubscribe-page");

        browser.find("unsubscribe-confirm").click();
        browser.awaitText("unsubscribe-message", "You have been unsubscribed.");
        assertEquals(link, browser.driver().getCurrentUrl());
        browser.screenshot("unsubscribed");
        assertEquals(
                List.of("SMS_SENT", "SMS_DELIVERED", "SMS_UNSUBSCRIBED"),
                Sandbox.awaitEventTypes(contact, events -> events.contains("SMS_UNSUBSCRIBED")));
        assertEquals(
                1L,
                db.queryOne(
                                "SELECT COUNT(*) FROM opt_out WHERE portal_id = ? AND phone = ?",
                                r -> r.getLong(1),
                                DEMO_PORTAL,
                                phone)
                        .orElseThrow());

        // Opened again, it says the number is unsubscribed already.
        browser.open(link);
        browser.awaitText("unsubscribe-message", "already unsubscribed");
        browser.screenshot("already-unsubscribed");

        // One character changed: the error page, and nothing else recorded.
        char last = link.charAt(link.length() - 1);
        String altered = link.substring(0, link.length() - 1) + (last == 'A' ? 'B' : 'A');
        browser.open(altered);
        browser.awaitText("unsubscribe-error", "This unsubscribe link is not valid.");
        assertTrue(browser.driver().findElements(By.id("unsubscribe-confirm")).isEmpty());
        assertTrue(browser.driver().findElements(By.cssSelector("img.logo")).isEmpty());
        browser.screenshot("altered-link");
        assertEquals(
                1L,
                db.queryOne("SELECT COUNT(*) FROM opt_out WHERE phone = ?", r -> r.getLong(1), phone)
                        .orElseThrow());
    }
}
