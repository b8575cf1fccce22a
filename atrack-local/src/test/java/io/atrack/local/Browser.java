package io.atrack.local;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from the machine's packages, driven by Selenium with the driver's path given,
 * so Selenium Manager never tries to download a browser or a driver.
 *
 * <p>A missing browser fails the test (CI installs it: {@code .ci/run}); only {@code
 * -Datrack.browser.optional=true} turns that into a skip, for a machine without Chromium.
 */
final class Browser implements AutoCloseable {
  static final String CHROMIUM = System.getProperty("atrack.chromium", "/usr/bin/chromium");
  static final String CHROMEDRIVER =
      System.getProperty("atrack.chromedriver", "/usr/bin/chromedriver");

  final WebDriver driver;
  private final Path profile;

  private Browser(WebDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  static Browser start() {
    if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
      String message =
          "Chromium ("
              + CHROMIUM
              + ") or ChromeDriver ("
              + CHROMEDRIVER
              + ") is missing: apt-get install chromium chromium-driver (.ci/run does), or run"
              + " with -Datrack.browser.optional=true to skip the browser tests";
      if (Boolean.getBoolean("atrack.browser.optional")) {
        Assumptions.abort(message);
      }
      fail(message);
    }
    Path profile;
    try {
      profile = Files.createTempDirectory("atrack-local-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1500,1200",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    return new Browser(new ChromeDriver(service, options), profile);
  }

  /** Waits up to 30 s; a row re-rendered under a check just means "check again". */
  WebDriverWait waiting() {
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(50));
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  <T> T await(ExpectedCondition<T> condition) {
    return waiting().until(condition);
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  long rowCount() {
    return (Long) script("return document.querySelectorAll('#rows tr').length");
  }

  /** Saves a screenshot under {@code target/browser/} (a test artefact) and returns its path. */
  Path screenshot(String name) {
    Path dir = Path.of(System.getProperty("atrack.local.artefacts", "target/browser"));
    try {
      Files.createDirectories(dir);
      File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
      Path target = dir.resolve(name);
      Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary profile is harmless
    }
  }
}
