package io.atrack.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrack.sdk.ATrack;
import io.atrack.sdk.QueueFullPolicy;
import io.atrack.sdk.TrackRequest;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * 10,000 requests with the page open: the API pages through all of them, the page keeps a bounded
 * number of rows in the DOM however many arrive, and it still answers clicks, paging and filters.
 * Counts and bounds only; no timing.
 */
class LoadTest extends BrowserFixture {
  static final int REQUESTS = 10_000;
  static final int USERS = 50;
  static final long MAX_ROWS = 200; // app.js MAX_ROWS

  @Test
  @SuppressWarnings("FutureReturnValueIgnored") // flush() waits for them all
  void tenThousandRequestsArePagedAndThePageStaysBoundedAndResponsive() {
    browser.driver.get(local.baseUrl() + "/");
    browser.await(ExpectedConditions.textToBe(By.id("conn"), "live"));

    try (ATrack sdk =
        local
            .sdk()
            .queueFullPolicy(QueueFullPolicy.BLOCK)
            .blockTimeout(Duration.ofMinutes(1))
            .build()) {
      for (int i = 0; i < REQUESTS; i++) {
        sdk.track(
            TrackRequest.builder(i % 3 == 0 ? "page_viewed" : "item_added")
                .uuid("user-" + (i % USERS))
                .attributes(Map.of("n", i))
                .build());
      }
      sdk.flush().join();
      assertThat(sdk.stats().delivered()).isEqualTo(REQUESTS);
    }

    // The API: every request once, page by page.
    List<JsonNode> all = local.allRequests();
    assertThat(all).hasSize(REQUESTS);
    Set<Long> ids = new HashSet<>();
    all.forEach(r -> ids.add(r.get("id").asLong()));
    assertThat(ids).hasSize(REQUESTS);
    assertThat(local.getJson("/api/requests")).hasSize(Api.DEFAULT_LIMIT);

    // The page saw them all arrive, and holds only a bounded window of them.
    browser.await(
        ExpectedConditions.textToBePresentInElementLocated(By.id("total"), REQUESTS + " requests"));
    browser.await(d -> browser.rowCount() == MAX_ROWS);
    long newest = firstRowId();
    assertThat(newest).isEqualTo(all.get(REQUESTS - 1).get("id").asLong());

    // Still responsive: page back through older requests; the newest leave the DOM.
    for (int i = 0; i < 3; i++) {
      long oldestShown = lastRowId();
      browser.find("#older").click();
      browser.await(d -> lastRowId() < oldestShown);
      assertThat(browser.rowCount()).isLessThanOrEqualTo(MAX_ROWS);
    }
    assertThat(browser.find("#newer").isDisplayed()).isTrue();
    assertThat(firstRowId()).isLessThan(newest);
    browser.find("#show-newest").click();
    browser.await(d -> firstRowId() == newest);

    // A click opens the inspector; a filter shows one user's requests.
    browser.find("#rows tr:nth-child(5)").click();
    browser.await(
        ExpectedConditions.textToBePresentInElementLocated(By.id("inspector-body"), "\"eventId\""));
    browser.find("#filter-uuid").sendKeys("user-7");
    // One script call reads the whole list: rows re-render while a filter loads.
    browser.await(
        d ->
            Boolean.TRUE.equals(
                browser.script(
                    "const users = [...document.querySelectorAll('#rows .uuid-link')]"
                        + ".map(b => b.textContent);"
                        + "return users.length === arguments[0]"
                        + " && users.every(u => u === 'user-7');",
                    Api.DEFAULT_LIMIT)));
    assertThat(browser.rowCount()).isLessThanOrEqualTo(MAX_ROWS);
  }

  private long firstRowId() {
    return Long.parseLong(browser.find("#rows tr:first-child").getAttribute("data-id"));
  }

  private long lastRowId() {
    return Long.parseLong(browser.find("#rows tr:last-child").getAttribute("data-id"));
  }
}
