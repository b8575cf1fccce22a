package io.atrack.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.InitRequest;
import io.atrack.sdk.TrackRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * End to end in headless Chromium: the SDK sends, the page shows it live without a reload, a user's
 * view opens, a fault switch flipped on the page makes the SDK retry, and payload text that looks
 * like markup stays text in the real DOM.
 */
class BrowserTest extends BrowserFixture {
  static final String SCRIPT_ATTRIBUTE = "<script>window.pwned = 1</script>";
  static final String TEXTAREA_ATTRIBUTE = "</textarea><b id=\"injected\">bold</b>";
  static final String HOSTILE_EVENT =
      "</textarea><script>window.pwned = 2</script><img src=x onerror=\"window.pwned = 3\">";

  @Test
  @SuppressWarnings("FutureReturnValueIgnored") // flush() waits for them all
  void showsTheSdksRequestsLiveOpensAUserAndWatchesARetryAfterAFaultSwitch() throws Exception {
    browser.driver.get(local.baseUrl() + "/");
    browser.await(ExpectedConditions.textToBe(By.id("conn"), "live"));
    browser.script("window.loadedOnce = 'still the same page'");

    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("plan", "pro");
    attributes.put("bio", SCRIPT_ATTRIBUTE);
    attributes.put("note", TEXTAREA_ATTRIBUTE);
    try (ATrack sdk = local.client()) {
      sdk.init(InitRequest.builder().uuid("crm-user-42").userAttributes(attributes).build());
      sdk.track("invoice_paid", Map.of("invoiceId", "inv_123", "amount", 499));
      sdk.track(HOSTILE_EVENT, Map.of("html", "<img src=x onerror=\"window.pwned = 4\">"));
      sdk.init(InitRequest.forUser("web-user-7"));
      sdk.track("checkout_started", Map.of("items", 3));
      sdk.flush().join();

      // Live: the rows arrive over the event stream; the page was never reloaded.
      browser.await(d -> browser.rowCount() == 5);
      assertThat(browser.script("return window.loadedOnce")).isEqualTo("still the same page");

      // Escaping, in the DOM: the hostile event name is one text cell, and nothing ran.
      WebElement hostile =
          browser.await(
              d ->
                  browser.all("#rows td.event").stream()
                      .filter(td -> HOSTILE_EVENT.equals(td.getAttribute("textContent")))
                      .findFirst()
                      .orElse(null));
      assertThat(hostile.findElements(By.xpath("./*"))).isEmpty();
      assertThat(browser.all("#rows script, #rows img, #injected")).isEmpty();

      // The user's view: attributes after the merges, events in order, all as text.
      browser
          .driver
          .findElement(By.xpath("//button[@class='uuid-link' and text()='crm-user-42']"))
          .click();
      browser.await(ExpectedConditions.textToBe(By.id("user-uuid"), "crm-user-42"));
      assertThat(browser.find("#user-view").isDisplayed()).isTrue();
      assertThat(browser.all("#user-attributes td.attribute-value"))
          .extracting(td -> td.getAttribute("textContent"))
          .containsExactly("\"pro\"", quoted(SCRIPT_ATTRIBUTE), quoted(TEXTAREA_ATTRIBUTE));
      assertThat(browser.all("#user-events .event-name"))
          .extracting(e -> e.getAttribute("textContent"))
          .containsExactlyInAnyOrder("invoice_paid", HOSTILE_EVENT);
      assertThat(browser.all("#user-view script, #user-view img, #injected")).isEmpty();

      // The payload inspector shows the body as text.
      hostile.click();
      String body = browser.find("#inspector-body").getAttribute("textContent");
      assertThat(body).contains("\"event\": " + quoted(HOSTILE_EVENT) + ",");
      assertThat(browser.all("#inspector-body *")).isEmpty();
      assertThat(browser.script("return window.pwned")).isNull();

      // A fault switch on the page: the next request is answered 503, the SDK retries it.
      browser.find("#fault-503-1").click();
      browser.await(
          ExpectedConditions.textToBePresentInElementLocated(By.id("fault-current"), "503"));
      sdk.track(TrackRequest.builder("retried_after_503").uuid("web-user-7").build()).join();
      WebElement retry =
          browser.await(
              ExpectedConditions.presenceOfElementLocated(By.cssSelector("#rows tr.retry")));
      assertThat(retry.findElement(By.cssSelector("td.attempt")).getText()).isEqualTo("attempt 2");
      assertThat(retry.findElement(By.cssSelector("td.event")).getText())
          .isEqualTo("retried_after_503");
      assertThat(browser.find("#rows tr:nth-child(2) td.status").getText())
          .isEqualTo("503 (fault)");
      browser.await(ExpectedConditions.textToBe(By.id("fault-current"), "no fault"));
    }

    // One request with problems, so the picture shows how they look.
    local.post("/event", ValidationTest.with(Running.EVENT, "timestamp", "2026-04-08T12:00:00Z"));
    browser.await(d -> browser.rowCount() == 8);
    browser.find("#rows tr.has-problems").click();
    assertThat(browser.all("#inspector-problems li"))
        .extracting(WebElement::getText)
        .singleElement()
        .asString()
        .startsWith("timestamp: expected toISOString()'s form");
    browser
        .driver
        .findElement(By.xpath("//button[@class='uuid-link' and text()='crm-user-42']"))
        .click();
    browser.await(ExpectedConditions.textToBe(By.id("user-uuid"), "crm-user-42"));

    Path shot = browser.screenshot("atrack-local.png");
    assertThat(Files.size(shot)).isPositive();
  }

  private static String quoted(String s) {
    return LocalJson.write(s);
  }
}
