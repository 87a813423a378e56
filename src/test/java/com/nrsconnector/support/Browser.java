package com.nrsconnector.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium for the browser tests, driven through the system's chromedriver. Both paths are set explicitly
 * ({@code -Dbrowser.chromium}, {@code -Dbrowser.chromedriver}; Debian's packages by default), so nothing is ever
 * downloaded. Without them the tests fail with a message that says what to install: CI installs both. Each page a
 * test looks at is saved as a screenshot under {@code target/screenshots/} (names start with {@code postgres-} in the
 * run on PostgreSQL).
 */
public final class Browser implements AutoCloseable {

    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AtomicInteger SHOTS = new AtomicInteger();

    private final ChromeDriver driver;
    private final String testName;

    private Browser(ChromeDriver driver, String testName) {
        this.driver = driver;
        this.testName = testName;
    }

    /** Starts headless Chromium; fails loudly, naming the packages, when it or its driver is not installed. */
    public static Browser start(String testName) {
        Path chromium = Path.of(System.getProperty("browser.chromium", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("browser.chromedriver", "/usr/bin/chromedriver"));
        for (Path binary : new Path[] {chromium, chromedriver}) {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException("the browser tests need Chromium and its driver, and " + binary
                        + " is missing: install them (Debian/Ubuntu: apt-get install -y chromium chromium-driver) "
                        + "or point -Dbrowser.chromium and -Dbrowser.chromedriver at them");
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--window-size=1000,1100",
                "--lang=en");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Browser(driver, testName);
    }

    public void open(String url) {
        driver.get(url);
    }

    public WebElement find(String id) {
        return driver.findElement(By.id(id));
    }

    /** Waits until the element's text contains {@code text}; answers the whole text. */
    public String awaitText(String id, String text) {
        return until(d -> {
            String shown;
            try {
                shown = d.findElement(By.id(id)).getText();
            } catch (WebDriverException e) {
                // The page was replaced between finding the element and reading it: look again.
                return null;
            }
            return shown.contains(text) ? shown : null;
        });
    }

    public <T> T until(ExpectedCondition<T> condition) {
        // A page that reloads (a form posted, a redirect followed) turns elements found before it stale: look again.
        return new WebDriverWait(driver, WAIT)
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Saves what the page shows now as {@code target/screenshots/<test>-<n>-<step>.png}; answers the file. */
    public Path screenshot(String step) {
        try {
            Files.createDirectories(SCREENSHOTS);
            // The run on PostgreSQL keeps its own screenshots next to those of the run on the embedded database.
            String url = System.getenv("CONNECTOR_DB_URL");
            String database = url != null && url.startsWith("jdbc:postgresql:") ? "postgres-" : "";
            Path file = SCREENSHOTS.resolve(
                    String.format("%s%s-%02d-%s.png", database, testName, SHOTS.incrementAndGet(), step));
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
