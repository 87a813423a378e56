package com.nrsconnector.send;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendRatesTest {

    @TempDir
    Path dir;

    @Test
    void accountsWithoutALineSendAtTheDefaultRate() {
        SendRates rates = new SendRates(20, dir.resolve("missing.properties"));
        assertEquals(20, rates.rateFor("acme"));
        assertEquals(20, rates.rateFor(null));
    }

    @Test
    void anAccountsLineOverridesTheDefaultAndEditsApplyOnTheNextSend() throws Exception {
        Path file = dir.resolve("send-rates.properties");
        Files.writeString(file, "# comment\nacme = 5\nother=7\n", StandardCharsets.UTF_8);
        SendRates rates = new SendRates(20, file);
        assertEquals(5, rates.rateFor("acme"));
        assertEquals(7, rates.rateFor("other"));
        assertEquals(20, rates.rateFor("unlisted"));

        Files.writeString(file, "acme=12\n", StandardCharsets.UTF_8);
        assertEquals(12, rates.rateFor("acme"));
        assertEquals(20, rates.rateFor("other"));

        Files.delete(file);
        assertEquals(20, rates.rateFor("acme"));
    }

    @Test
    void aRateThatIsNotAPositiveWholeNumberIsIgnored() throws Exception {
        Path file = dir.resolve("send-rates.properties");
        Files.writeString(file, "zero=0\nnegative=-3\nwords=fast\nfine=4\n", StandardCharsets.UTF_8);
        SendRates rates = new SendRates(20, file);
        assertEquals(20, rates.rateFor("zero"));
        assertEquals(20, rates.rateFor("negative"));
        assertEquals(20, rates.rateFor("words"));
        assertEquals(4, rates.rateFor("fine"));
    }
}
