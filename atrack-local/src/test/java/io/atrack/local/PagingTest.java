package io.atrack.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** GET /api/requests: pages newest last, ?limit, ?before, ?after and the filters. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagingTest {
  Running local;
  List<Long> ids = new ArrayList<>();

  @BeforeAll
  void fill(@TempDir Path dir) {
    local = Running.start(dir);
    for (int i = 0; i < 250; i++) {
      String body =
          Running.EVENT
              .replace("\"u1\"", "\"user-" + (i % 5) + "\"")
              .replace("invoice_paid", i % 2 == 0 ? "page_viewed" : "invoice_paid")
              .replace("4e5f\"", String.format("%04x\"", i));
      local.post(i % 10 == 0 ? "/collect/event" : "/event", body);
    }
    local.post("/event", "{}"); // one with problems
    local.allRequests().forEach(r -> ids.add(r.get("id").asLong()));
  }

  @AfterAll
  void stop() {
    local.close();
  }

  @Test
  void theDefaultPageIsTheNewest100NewestLast() {
    JsonNode page = local.getJson("/api/requests");

    assertThat(page).hasSize(100);
    assertThat(idsOf(page)).isEqualTo(ids.subList(ids.size() - 100, ids.size()));
  }

  @Test
  void beforeAndLimitWalkBackThroughEverything() {
    List<Long> seen = new ArrayList<>();
    JsonNode page = local.getJson("/api/requests?limit=40");
    while (!page.isEmpty()) {
      seen.addAll(0, idsOf(page));
      assertThat(page.size()).isLessThanOrEqualTo(40);
      page = local.getJson("/api/requests?limit=40&before=" + page.get(0).get("id").asLong());
    }
    assertThat(seen).isEqualTo(ids);
  }

  @Test
  void afterGivesTheOldestAboveAnIdNewestLast() {
    JsonNode page = local.getJson("/api/requests?limit=3&after=" + ids.get(9));

    assertThat(idsOf(page)).isEqualTo(ids.subList(10, 13));
  }

  @Test
  void filtersByUserEventNameAndPath() {
    JsonNode byUser = local.getJson("/api/requests?limit=1000&uuid=user-3");
    assertThat(byUser)
        .hasSize(50)
        .allSatisfy(r -> assertThat(r.get("uuid").asText()).isEqualTo("user-3"));

    JsonNode byEvent = local.getJson("/api/requests?limit=1000&event=page_");
    assertThat(byEvent)
        .hasSize(125)
        .allSatisfy(r -> assertThat(r.get("event").asText()).isEqualTo("page_viewed"));

    JsonNode byPath = local.getJson("/api/requests?limit=1000&path=collect");
    assertThat(byPath)
        .hasSize(25)
        .allSatisfy(r -> assertThat(r.get("path").asText()).isEqualTo("/collect/event"));

    JsonNode withProblems = local.getJson("/api/requests?problems=true");
    assertThat(withProblems).hasSize(1);
  }

  @Test
  void badPagingParametersAreRefused() {
    assertThat(local.api("GET", "/api/requests?limit=0", "").statusCode()).isEqualTo(400);
    assertThat(local.api("GET", "/api/requests?limit=5000", "").body())
        .contains("limit: expected a whole number in 1..1000");
    assertThat(local.api("GET", "/api/requests?before=x", "").statusCode()).isEqualTo(400);
  }

  private static List<Long> idsOf(JsonNode page) {
    List<Long> out = new ArrayList<>();
    page.forEach(r -> out.add(r.get("id").asLong()));
    return out;
  }
}
