package io.atrack.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrack.sdk.ATrack;
import io.atrack.sdk.AttributesMode;
import io.atrack.sdk.AttributesRequest;
import io.atrack.sdk.InitRequest;
import io.atrack.sdk.TrackRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history, users and attempt counts survive a restart; clear forgets; export has it all. */
class PersistenceTest {
  @TempDir Path dir;

  @Test
  void aRestartKeepsRequestsUsersAndAttemptCounts() {
    List<JsonNode> before;
    try (Running local = Running.start(dir);
        ATrack sdk = local.client()) {
      sdk.init(
              InitRequest.builder()
                  .uuid("crm-user-42")
                  .userAttributes(Map.of("plan", "pro"))
                  .build())
          .join();
      sdk.setAttributes(Map.of("plan", "business", "seats", 12)).join();
      sdk.setAttributes(
              AttributesRequest.builder()
                  .uuid("crm-user-42")
                  .attributes(Map.of("plan", "free"))
                  .mode(AttributesMode.REPLACE)
                  .build())
          .join();
      sdk.track(TrackRequest.builder("invoice_paid").uuid("crm-user-42").build()).join();
      before = local.allRequests();
    }
    assertThat(before).hasSize(4);

    try (Running again = Running.start(dir)) {
      assertThat(again.allRequests()).isEqualTo(before);
      JsonNode user = again.getJson("/api/users/crm-user-42");
      assertThat(user.get("attributes")).isEqualTo(Running.json("{\"plan\":\"free\"}"));
      assertThat(user.get("events")).hasSize(1);

      // The event's retry after the restart is its second attempt, not a new event.
      HttpResponse<String> retry = again.post("/event", before.get(3).get("body").toString());
      assertThat(retry.statusCode()).isEqualTo(200);
      assertThat(again.last().get("attempt").asInt()).isEqualTo(2);
      // And the known user is still known: isNewUser=true for it is a problem after a restart.
      again.post("/init", Running.INIT.replace("\"u1\"", "\"crm-user-42\""));
      assertThat(ValidationTest.strings(again.last().get("problems")))
          .singleElement()
          .asString()
          .startsWith("isNewUser: true, but this uuid was initialised before");
      assertThat(again.last().get("id").asLong()).isGreaterThan(before.get(3).get("id").asLong());
    }
  }

  @Test
  @SuppressWarnings("FutureReturnValueIgnored") // flush() waits for them
  void mergeAndReplaceAreAppliedAsTheServerWould() {
    try (Running local = Running.start(dir);
        ATrack sdk = local.client()) {
      sdk.init(InitRequest.builder().uuid("u7").userAttributes(Map.of("a", 1, "b", 2)).build());
      sdk.setAttributes(Map.of("b", 3, "c", 4));
      sdk.flush().join();
      assertThat(local.getJson("/api/users/u7").get("attributes"))
          .isEqualTo(Running.json("{\"a\":1,\"b\":3,\"c\":4}"));

      sdk.setAttributes(Map.of("only", true), AttributesMode.REPLACE).join();
      assertThat(local.getJson("/api/users/u7").get("attributes"))
          .isEqualTo(Running.json("{\"only\":true}"));
      assertThat(local.api("GET", "/api/users/nobody", "").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void clearForgetsRequestsAndUsersAcrossARestartToo() {
    try (Running local = Running.start(dir)) {
      local.post("/init", Running.INIT);
      local.post("/event", Running.EVENT);
      assertThat(local.api("DELETE", "/api/requests", "").statusCode()).isEqualTo(200);
      assertThat(local.getJson("/api/requests")).isEmpty();
      assertThat(local.api("GET", "/api/users/u1", "").statusCode()).isEqualTo(404);
    }
    try (Running again = Running.start(dir)) {
      assertThat(again.getJson("/api/requests")).isEmpty();
      // Forgotten: the same init is a new user again, not a problem.
      again.post("/init", Running.INIT);
      assertThat(again.last().get("problems")).isEmpty();
    }
  }

  @Test
  void exportIsOneJsonObjectPerLineOldestFirst() {
    try (Running local = Running.start(dir)) {
      local.post("/init", Running.INIT);
      local.post("/attributes", Running.ATTRIBUTES);
      local.post("/event", Running.EVENT);

      HttpResponse<String> export = local.api("GET", "/api/export", "");

      assertThat(export.statusCode()).isEqualTo(200);
      assertThat(export.headers().firstValue("content-type"))
          .hasValue("application/x-ndjson; charset=utf-8");
      assertThat(export.headers().firstValue("content-disposition").orElse(""))
          .contains("attachment");
      String[] lines = export.body().split("\n");
      assertThat(lines).hasSize(3);
      assertThat(List.of(lines))
          .extracting(l -> Running.json(l).get("path").asText())
          .containsExactly("/init", "/attributes", "/event");
      assertThat(Running.json(lines[2])).isEqualTo(local.last());
    }
  }
}
