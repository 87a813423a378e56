package com.nrsconnector.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import com.nrsconnector.store.Db;
import com.nrsconnector.support.Browser;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The "Send SMS" form in headless Chromium, opened from the link of a card answer as HubSpot's app card opens it:
 * the token picker, the unsubscribe link, the live counter, the send, and the refusal for non-marketing contacts.
 * Screenshots of each step are kept under target/screenshots/.
 */
@QuarkusTest
class SmsFormBrowserTest {

    @Inject
    Db db;

    private Browser browser;

    @BeforeEach
    void startBrowser(TestInfo test) {
        browser = Browser.start(getClass().getSimpleName() + "-"
                + test.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            // What the page showed last, also when the test failed.
            browser.screenshot("last");
            browser.close();
        }
    }

    private void openForm(String contactId) {
        browser.open(CardCalls.smsFormUrl(contactId));
        browser.until(d -> d.findElement(By.id("sms-form")).isDisplayed()
                || !d.findElement(By.id("form-result")).getText().isEmpty());
    }

    @Test
    void anSmsSentFromTheFormReachesTheContactsTimeline() {
        String contactId = Sandbox.createContact(Map.of(
                "firstname",
                "Inés",
                "lastname",
                "Browser",
                "mobilephone",
                "+34 600 000 001",
                "hs_marketable_status",
                "true"));
        openForm(contactId);
        assertEquals("Send SMS to Inés Browser", browser.find("send-sms").getText());
        browser.screenshot("opened");

        browser.find("sender").sendKeys("ACME");
        WebElement message = browser.find("message");
        message.sendKeys("Hola ");
        new Select(browser.find("token-picker")).selectByValue("firstname");
        browser.find("insert-token").click();
        message.sendKeys(", tu pedido está listo.");
        browser.awaitText("counter-encoding", "GSM-7");
        assertEquals("1", browser.find("counter-parts").getText());
        browser.screenshot("gsm");

        // A character outside GSM-7 and its national tables switches the count to UCS-2, and the form says which.
        message.sendKeys(" Łódź");
        browser.awaitText("counter-encoding", "UCS-2");
        // á and ó fit the Portuguese tables: only Ł and ź force UCS-2.
        assertEquals(
                "UCS-2 (70 characters per part) because of: Ł ź",
                browser.find("counter-warning").getText());
        browser.find("add-unsubscribe").click();
        assertEquals(
                "Hola {{contact.firstname}}, tu pedido está listo. Łódź{UNSUB_URL}", message.getAttribute("value"));
        new Select(browser.find("shorten-urls")).selectByValue("true");
        browser.screenshot("ucs2");

        browser.find("send-sms").click();
        browser.awaitText("form-result", "SMS sent successfully");
        assertFalse(browser.find("send-sms").isEnabled(), "the form cannot send a second time");
        browser.screenshot("sent");

        List<String> events = Sandbox.awaitEventTypes(contactId, e -> e.contains("SMS_SENT"));
        assertEquals("SMS_SENT", events.get(0));
        String text = db.queryOne("SELECT text FROM message WHERE contact_id = ?", r -> r.getString(1), contactId)
                .orElseThrow();
        assertTrue(text.startsWith("Hola Inés, tu pedido está listo. Łódź") && text.contains("/u/"), text);
    }

    @Test
    void errorsAreShownNextToTheFieldAndTheFormWorksFromTheKeyboard() {
        openForm("1001");
        WebElement sender = browser.find("sender");
        sender.sendKeys("NOT A VALID SENDER");
        browser.find("message").sendKeys("Hola");
        // Enter in a text field submits the form, as any form does.
        sender.sendKeys(Keys.ENTER);
        String error = browser.awaitText("sender-error", "sender must be up to 11 letters and digits");
        assertEquals("true", sender.getAttribute("aria-invalid"), error);
        assertEquals("sender", browser.driver().switchTo().activeElement().getAttribute("id"));
        browser.screenshot("sender-error");
    }

    @Test
    void aNonMarketingContactGetsNoSmsFromTheRecord() {
        String contactId = Sandbox.createContact(Map.of(
                "firstname",
                "Olga",
                "lastname",
                "Sinmarketing",
                "mobilephone",
                "+34 600 000 001",
                "hs_marketable_status",
                "false"));
        openForm(contactId);
        String notice = browser.awaitText("not-marketing", "is not a marketing contact");
        assertTrue(notice.startsWith("Olga Sinmarketing"), notice);
        assertFalse(browser.find("send-sms").isEnabled());
        browser.screenshot("not-marketing");
    }

    @Test
    void contactValuesAreShownAsTextNeverRunAsMarkup() {
        String contactId = Sandbox.createContact(Map.of(
                "firstname",
                "<img src=x onerror=\"document.title='pwned'\">",
                "lastname",
                "</script><script>document.title='pwned'</script>",
                "mobilephone",
                "+34 600 000 001",
                "hs_marketable_status",
                "true"));
        openForm(contactId);
        String button = browser.find("send-sms").getText();
        assertTrue(button.contains("<img src=x"), button);
        assertTrue(browser.driver().findElements(By.tagName("img")).isEmpty(), "no element made from a contact value");
        assertFalse(browser.driver().getTitle().contains("pwned"));
        browser.screenshot("escaped");
    }
}
