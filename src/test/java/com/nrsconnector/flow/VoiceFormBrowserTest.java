package com.nrsconnector.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import com.nrsconnector.store.Db;
import com.nrsconnector.support.Browser;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The "Send Voice Message" form in headless Chromium, opened from the link of a card answer: text-to-speech with a
 * contact token, an audio file, errors next to their field, and contact values shown as text. Screenshots of each
 * step are kept under target/screenshots/.
 */
@QuarkusTest
class VoiceFormBrowserTest {

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
            browser.screenshot("last");
            browser.close();
        }
    }

    private void openForm(String contactId) {
        browser.open(CardCalls.voiceFormUrl(contactId));
        browser.until(d -> d.findElement(By.id("voice-form")).isDisplayed()
                || !d.findElement(By.id("form-result")).getText().isEmpty());
    }

    @Test
    void aTextToSpeechCallFromTheFormReachesTheContactsTimeline() {
        String contactId = Sandbox.createContact(
                Map.of("firstname", "Inés", "lastname", "Llamada", "mobilephone", "+34 612 000 911"));
        openForm(contactId);
        assertEquals(
                "Send Voice Message to Inés Llamada", browser.find("send-voice").getText());
        browser.screenshot("opened");

        browser.find("caller").sendKeys("34911234567");
        new Select(browser.find("language")).selectByValue("pt_PT");
        new Select(browser.find("voice")).selectByValue("M");
        WebElement text = browser.find("text");
        text.sendKeys("Olá ");
        new Select(browser.find("token-picker")).selectByValue("firstname");
        browser.find("insert-token").click();
        text.sendKeys(", a sua consulta é amanhã.");
        assertEquals("Olá {{contact.firstname}}, a sua consulta é amanhã.", text.getAttribute("value"));
        browser.find("campaign-name").sendKeys("Consultas");
        browser.screenshot("filled");

        browser.find("send-voice").click();
        browser.awaitText("form-result", "Voice message sent successfully");
        assertFalse(browser.find("send-voice").isEnabled(), "the form cannot send a second time");
        browser.screenshot("sent");

        Sandbox.awaitEventTypes(contactId, e -> e.contains("VOICE_DELIVERED"));
        String spoken = db.queryOne(
                        "SELECT text FROM message WHERE contact_id = ? AND channel = 'VOICE'",
                        r -> r.getString(1),
                        contactId)
                .orElseThrow();
        assertEquals("Olá Inés, a sua consulta é amanhã.", spoken);
    }

    @Test
    void anAudioFileWithAnHttpUrlIsRefusedNextToItsFieldThenSent() {
        String contactId = Sandbox.createContact(
                Map.of("firstname", "Pau", "lastname", "Audio", "mobilephone", "+34 612 000 912"));
        openForm(contactId);
        browser.find("locution-audio").click();
        assertFalse(browser.find("text").isDisplayed(), "the text-to-speech fields are hidden for an audio file");
        WebElement audio = browser.find("audio-url");
        audio.sendKeys("http://files.example.com/cita.mp3");
        browser.find("send-voice").click();
        String error = browser.awaitText("audio-url-error", "https");
        assertEquals("true", audio.getAttribute("aria-invalid"), error);
        assertEquals("audio-url", browser.driver().switchTo().activeElement().getAttribute("id"));
        browser.screenshot("audio-error");

        audio.clear();
        audio.sendKeys("https://files.example.com/cita.mp3");
        browser.find("send-voice").click();
        browser.awaitText("form-result", "Voice message sent successfully");
        assertTrue(Sandbox.awaitEventTypes(contactId, e -> e.contains("VOICE_DELIVERED"))
                .contains("VOICE_SENT"));
        browser.screenshot("sent");
    }

    @Test
    void contactValuesAreShownAsTextNeverRunAsMarkup() {
        String contactId = Sandbox.createContact(Map.of(
                "firstname",
                "<img src=x onerror=\"document.title='pwned'\">",
                "lastname",
                "</script><script>document.title='pwned'</script>",
                "mobilephone",
                "+34 612 000 913"));
        openForm(contactId);
        assertTrue(browser.find("send-voice").getText().contains("<img src=x"));
        assertTrue(browser.driver().findElements(By.tagName("img")).isEmpty(), "no element made from a contact value");
        assertFalse(browser.driver().getTitle().contains("pwned"));
        browser.screenshot("escaped");
    }
}
