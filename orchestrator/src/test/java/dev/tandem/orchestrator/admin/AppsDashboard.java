package dev.tandem.orchestrator.admin;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * The apps dashboard ({@code /apps}) as a user drives it, in Debian's headless Chromium through its
 * chromedriver (packages {@code chromium} and {@code chromium-driver}; {@code .ci/run} installs them).
 * Every step waits for what the page shows next; nothing sleeps.
 */
final class AppsDashboard implements AutoCloseable {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    /** What the secret dialog showed, read before it closes. */
    record ShownSecret(String clientId, String secret) {
    }

    private final WebDriver driver;
    private final WebDriverWait wait;
    private final URI page;

    private AppsDashboard(WebDriver driver, URI page) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, PATIENCE);
        this.page = page;
    }

    /** A fresh browser (its own profile, so its own sessionStorage) on {@code root}{@code apps}. */
    static AppsDashboard open(URI root) {
        for (String executable : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(Path.of(executable))) {
                throw new IllegalStateException(executable + " is missing: the dashboard is tested in Debian's headless"
                        + " Chromium (apt-get install -y chromium chromium-driver; .ci/run installs both)");
            }
        }
        ChromeOptions options = new ChromeOptions();
        // The paths are given, so that Selenium Manager neither looks for nor downloads a browser or a driver.
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        AppsDashboard dashboard = new AppsDashboard(new ChromeDriver(service, options), root.resolve("/apps"));
        dashboard.driver.get(dashboard.page.toString());
        dashboard.visible("token");
        return dashboard;
    }

    String currentUrl() {
        return driver.getCurrentUrl();
    }

    Object script(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    /** Types the token and submits it; waits until the list or an error shows. */
    void enterToken(String token) {
        driver.findElement(By.id("token")).sendKeys(token);
        driver.findElement(By.id("token-submit")).click();
        wait.until(ExpectedConditions.or(ExpectedConditions.visibilityOfElementLocated(By.id("signed-in")),
                ExpectedConditions.visibilityOfElementLocated(By.id("error"))));
    }

    void reload() {
        driver.navigate().refresh();
        wait.until(ExpectedConditions.or(ExpectedConditions.visibilityOfElementLocated(By.id("signed-in")),
                ExpectedConditions.visibilityOfElementLocated(By.id("signed-out"))));
    }

    boolean signedIn() {
        return driver.findElement(By.id("signed-in")).isDisplayed();
    }

    String error() {
        return visible("error").getText();
    }

    String notice() {
        return visible("notice").getText();
    }

    /** Fills the new-app dialog and submits it; {@code method} is {@code client_secret_basic}, {@code client_secret_post} or {@code none}. */
    void submitNewApp(String name, List<String> redirectUris, String method, String scope) {
        driver.findElement(By.id("new-app")).click();
        visible("create-dialog");
        driver.findElement(By.id("create-name")).sendKeys(name);
        driver.findElement(By.id("create-redirects")).sendKeys(String.join("\n", redirectUris));
        driver.findElement(By.cssSelector("input[name='auth-method'][value='" + method + "']")).click();
        driver.findElement(By.id("create-scope")).sendKeys(scope);
        driver.findElement(By.id("create-submit")).click();
    }

    /** Creates a confidential app and reads the secret the dialog shows once. */
    ShownSecret createConfidential(String name, List<String> redirectUris, String scope) {
        submitNewApp(name, redirectUris, "client_secret_basic", scope);
        return shownSecret();
    }

    String createError() {
        return visible("create-error").getText();
    }

    /** The row of one app, once it is listed. */
    WebElement row(String clientId) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(rowOf(clientId)));
    }

    List<String> cells(String clientId) {
        return row(clientId).findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
    }

    int imagesInList() {
        return driver.findElements(By.cssSelector("#apps-body img")).size();
    }

    ShownSecret rotate(String clientId, boolean revokeOld) {
        row(clientId).findElement(By.cssSelector("button.rotate")).click();
        visible("confirm-dialog");
        WebElement revoke = driver.findElement(By.id("confirm-revoke-old"));
        if (revoke.isSelected() != revokeOld) {
            revoke.click();
        }
        driver.findElement(By.id("confirm-submit")).click();
        return shownSecret();
    }

    /** Asks to delete, then cancels or confirms; a confirmed deletion waits until the row is gone. */
    void delete(String clientId, boolean confirm) {
        row(clientId).findElement(By.cssSelector("button.delete")).click();
        WebElement dialog = visible("confirm-dialog");
        assertShowsApp(dialog, clientId);
        driver.findElement(By.id(confirm ? "confirm-submit" : "confirm-cancel")).click();
        wait.until(ExpectedConditions.invisibilityOf(dialog));
        if (confirm) {
            wait.until(ExpectedConditions.numberOfElementsToBe(rowOf(clientId), 0));
        }
    }

    /** The secret dialog's text, read, then the dialog closed; answers what the page still holds of the secret. */
    String closeSecret() {
        WebElement dialog = driver.findElement(By.id("secret-dialog"));
        driver.findElement(By.id("secret-close")).click();
        wait.until(ExpectedConditions.invisibilityOf(dialog));
        return driver.findElement(By.id("secret-value")).getDomProperty("textContent");
    }

    boolean secretDialogOpen() {
        return driver.findElement(By.id("secret-dialog")).isDisplayed();
    }

    String secretWarning() {
        return driver.findElement(By.cssSelector("#secret-dialog .warning")).getText();
    }

    /** Saves what the browser shows as {@code target/screenshots/NAME.png}. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), file,
                    StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }

    private ShownSecret shownSecret() {
        visible("secret-dialog");
        return new ShownSecret(driver.findElement(By.id("secret-client-id")).getText(),
                driver.findElement(By.id("secret-value")).getText());
    }

    private WebElement visible(String id) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    private static By rowOf(String clientId) {
        return By.cssSelector("#apps-body tr[data-client-id='" + clientId + "']");
    }

    private static void assertShowsApp(WebElement dialog, String clientId) {
        if (!dialog.getText().contains(clientId)) {
            throw new AssertionError("the delete dialog does not name " + clientId + ": " + dialog.getText());
        }
    }
}
