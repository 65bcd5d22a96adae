package io.egressgate.server.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's, driven by Debian's chromedriver) with a fresh profile,
 * pointed only at the test server on the loopback address. Name resolution is switched off
 * inside the browser, so nothing but 127.0.0.1 can be reached.
 */
public final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private Browser(String baseUrl, String acceptLanguage) throws IOException {
        this.baseUrl = baseUrl;
        this.profile = Files.createTempDirectory("egress-gate-chromium");
        this.service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogFile(Path.of("target", "it-logs", "chromedriver.log").toFile()).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--no-default-browser-check",
                "--disable-dev-shm-usage", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--window-size=1440,900", "--lang=" + acceptLanguage.split(",")[0],
                "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", acceptLanguage));
        try {
            this.driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            deleteProfile();
            throw e;
        }
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    /** Fails under CI=true when the browser is missing; elsewhere the test is skipped with the reason. */
    public static Browser open(String baseUrl) throws IOException {
        return open(baseUrl, "en-US,en");
    }

    public static Browser open(String baseUrl, String acceptLanguage) throws IOException {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            String reason = "Debian's chromium and chromium-driver are needed (/usr/bin/chromium, /usr/bin/chromedriver)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(reason);
            }
            Assumptions.assumeTrue(false, reason);
        }
        Files.createDirectories(Path.of("target", "it-logs"));
        return new Browser(baseUrl, acceptLanguage);
    }

    /** The size of the window, for screenshots that show a whole page. */
    public Browser size(int width, int height) {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
        return this;
    }

    public ChromeDriver driver() {
        return driver;
    }

    public Browser go(String path) {
        driver.get(baseUrl + path);
        awaitAjax();
        return this;
    }

    public String path() {
        return driver.getCurrentUrl().substring(baseUrl.length());
    }

    public Browser signIn(String username, String password) {
        go("/login.xhtml");
        type(By.id("signin:username"), username);
        type(By.id("signin:password"), password);
        click(By.id("signin:submit"));
        return this;
    }

    public WebElement find(By by) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    public List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    public boolean present(By by) {
        return !driver.findElements(by).isEmpty();
    }

    public String text(By by) {
        return find(by).getText();
    }

    /** Replaces a field's text; types again if a page script took the focus away mid-way. */
    public Browser type(By by, String text) {
        WebElement field = find(by);
        for (int attempt = 1; attempt <= 3; attempt++) {
            field.clear();
            field.sendKeys(text);
            if (text.equals(field.getAttribute("value"))) {
                return this;
            }
        }
        throw new AssertionError("could not type into " + by + "; it holds '" + field.getAttribute("value") + "'");
    }

    public Browser click(By by) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.elementToBeClickable(by)).click();
        awaitAjax();
        return this;
    }

    public Browser awaitText(By by, String text) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
        return this;
    }

    public Browser awaitGone(By by) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.invisibilityOfElementLocated(by));
        return this;
    }

    public Browser awaitPath(String prefix) {
        new WebDriverWait(driver, WAIT).until(d -> path().startsWith(prefix));
        awaitAjax();
        return this;
    }

    public Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
    }

    /** Waits until the page has loaded and PrimeFaces has no Ajax request queued or running. */
    public Browser awaitAjax() {
        new WebDriverWait(driver, WAIT).until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                "return document.readyState === 'complete' && (!window.PrimeFaces || !PrimeFaces.ajax"
                        + " || PrimeFaces.ajax.Queue.isEmpty()) && (!window.jQuery || jQuery.active === 0);")));
        return this;
    }

    /** The session cookie, to replay a signed-in person's requests with a plain HTTP client. */
    public String sessionCookie() {
        Cookie cookie = driver.manage().getCookieNamed("JSESSIONID");
        return cookie == null ? null : cookie.getName() + "=" + cookie.getValue();
    }

    /** Saves what the browser shows into target/screenshots and, if asked, into the site's images. */
    public Browser screenshot(String name) throws IOException {
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        Path local = Path.of("target", "screenshots", name + ".png");
        Files.createDirectories(local.getParent());
        Files.write(local, png);
        String siteDir = System.getProperty("console.screenshots");
        if (siteDir != null && !siteDir.isBlank()) {
            Path site = Path.of(siteDir, name + ".png");
            Files.createDirectories(site.getParent());
            Files.write(site, png);
        }
        return this;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteProfile();
        }
    }

    private void deleteProfile() throws IOException {
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
