package io.atrack.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.atrack.sdk.ATrack;
import io.atrack.sdk.ATrackHttpException;
import io.atrack.sdk.InitRequest;
import io.atrack.sdk.TrackRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Faults switched on through POST /api/faults, watched with the real SDK retrying. */
class FaultsTest extends LocalFixture {
  @Test
  void serviceUnavailableForTheNextTwoThenTheSdksThirdAttemptIsDelivered() {
    assertThat(fault("{\"status\":503,\"count\":2}").body())
        .isEqualTo("{\"status\":503,\"count\":2}");

    try (ATrack sdk = local.client()) {
      sdk.track(TrackRequest.builder("checkout").uuid("u1").build()).join();
    }

    List<JsonNode> all = local.allRequests();
    assertThat(all).extracting(r -> r.get("attempt").asInt()).containsExactly(1, 2, 3);
    assertThat(all).extracting(r -> r.get("status").asInt()).containsExactly(503, 503, 200);
    assertThat(all).extracting(r -> r.get("fault").asText()).containsExactly("503", "503", "null");
    assertThat(all)
        .extracting(r -> r.get("body").get("eventId"))
        .containsOnly(all.get(0).get("body").get("eventId"));
    // A counted fault clears itself once used up.
    assertThat(local.getJson("/api/faults")).isEmpty();
  }

  @Test
  void tooManyRequestsCarriesRetryAfterAndTheSdkHonoursIt() {
    fault("{\"status\":429,\"retryAfter\":1,\"count\":1}");
    HttpResponse<String> raw = local.post("/event", Running.EVENT);
    assertThat(raw.statusCode()).isEqualTo(429);
    assertThat(raw.headers().firstValue("retry-after")).hasValue("1");
    assertThat(Running.json(raw.body()).get("error").asText()).contains("429 Retry-After 1");

    fault("{\"status\":429,\"retryAfter\":1,\"count\":1}");
    try (ATrack sdk = local.client()) {
      sdk.track(TrackRequest.builder("checkout").uuid("u1").build()).join();
    }
    List<JsonNode> events = local.allRequests().subList(1, 3);
    assertThat(events).extracting(r -> r.get("status").asInt()).containsExactly(429, 200);
    assertThat(events).extracting(r -> r.get("attempt").asInt()).containsExactly(1, 2);
  }

  @Test
  void unauthorisedIsNotRetriedAndTheSdkNamesTheMaskedKey() {
    fault("{\"status\":401,\"count\":1}");

    try (ATrack sdk = local.client()) {
      assertThatThrownBy(
              () -> sdk.track(TrackRequest.builder("checkout").uuid("u1").build()).join())
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOfSatisfying(
              ATrackHttpException.class, e -> assertThat(e.statusCode()).isEqualTo(401))
          .hasMessageContaining("pub_…cdef")
          .hasMessageNotContaining(Running.KEY);
    }
    assertThat(local.allRequests()).hasSize(1);
  }

  @Test
  void droppedConnectionsAreRetried() {
    fault("{\"drop\":true,\"count\":1}");

    try (ATrack sdk = local.client()) {
      sdk.track(TrackRequest.builder("checkout").uuid("u1").build()).join();
    }

    List<JsonNode> all = local.allRequests();
    assertThat(all).extracting(r -> r.get("status").asInt()).containsExactly(0, 200);
    assertThat(all).extracting(r -> r.get("fault").asText()).containsExactly("dropped", "null");
    assertThat(all.get(1).get("attempt").asInt()).isEqualTo(2);
  }

  @Test
  void latencyDelaysTheAnswer() {
    fault("{\"latencyMs\":300,\"count\":1}");

    long start = System.nanoTime();
    HttpResponse<String> r = local.post("/event", Running.EVENT);
    long tookMs = (System.nanoTime() - start) / 1_000_000;

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(tookMs).as("at least the latency (a lower bound only)").isGreaterThanOrEqualTo(300);
    assertThat(local.last().get("fault").asText()).isEqualTo("delayed 300 ms");
  }

  @Test
  void aFaultWithoutACountLastsUntilSwitchedOff() {
    fault("{\"status\":503}");
    for (int i = 0; i < 3; i++) {
      assertThat(local.post("/event", Running.EVENT).statusCode()).isEqualTo(503);
    }
    assertThat(local.api("DELETE", "/api/faults", "").body()).isEqualTo("{}");
    assertThat(local.post("/event", Running.EVENT).statusCode()).isEqualTo(200);
  }

  @Test
  void aShareOfRequestsGetsTheFault() {
    AtomicInteger n = new AtomicInteger();
    // Every other draw is under one half: exactly half the requests get the fault.
    Faults faults = new Faults(() -> n.getAndIncrement() % 2 == 0 ? 0.25 : 0.75);
    faults.set(Fault.parse(Running.json("{\"status\":503,\"share\":0.5,\"count\":3}")));

    int hits = 0;
    for (int i = 0; i < 10; i++) {
      hits += faults.next() == null ? 0 : 1;
    }
    assertThat(hits).isEqualTo(3); // the count bounds it: 3 hits in the first 6 draws
    assertThat(faults.current()).isNull();
  }

  @Test
  void badFaultsAreRefusedNamingTheField() {
    assertThat(error("{\"status\":99}")).startsWith("status: expected a whole number in 200..599");
    assertThat(error("{\"status\":503,\"count\":0}")).startsWith("count: expected a whole number");
    assertThat(error("{\"retryAfter\":1}")).isEqualTo("retryAfter: needs a status to go with it");
    assertThat(error("{\"share\":2,\"status\":503}"))
        .startsWith("share: expected a number in (0, 1]");
    assertThat(error("{\"latencyMs\":-1}")).startsWith("latencyMs: expected a whole number");
    assertThat(error("{\"drop\":\"yes\"}")).startsWith("drop: expected a boolean");
    assertThat(error("{}")).startsWith("status, latencyMs or drop");
    assertThat(error("nonsense")).startsWith("body: expected a JSON object");
    assertThat(local.getJson("/api/faults")).isEmpty();
  }

  @Test
  void strictModeAnswers400WithTheProblemsAndTheSdkShowsThem() {
    local.close();
    local = Running.start(dir, true);

    HttpResponse<String> raw =
        local.post(
            "/event", ValidationTest.with(Running.EVENT, "timestamp", "2026-04-08T12:00:00Z"));
    assertThat(raw.statusCode()).isEqualTo(400);
    assertThat(Running.json(raw.body()).get("error").asText())
        .startsWith("timestamp: expected toISOString()'s form");
    assertThat(local.last().get("status").asInt()).isEqualTo(400);

    // What the SDK sends has no problems, so strict mode delivers it...
    try (ATrack sdk = local.client()) {
      sdk.track(TrackRequest.builder("checkout").uuid("u1").build()).join();
    }
    assertThat(local.last().get("status").asInt()).isEqualTo(200);
    // ...and a request with problems fails the way the API's 400 would: a second process with
    // its own memory storage inits a known user as new.
    try (ATrack first = local.client();
        ATrack restarted = local.client()) {
      first.init(InitRequest.forUser("u9")).join();
      assertThatThrownBy(() -> restarted.init(InitRequest.forUser("u9")).join())
          .cause()
          .isInstanceOfSatisfying(
              ATrackHttpException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(Running.json(e.apiMessage()).get("error").asText())
                    .startsWith("isNewUser: true, but this uuid was initialised before");
              });
    }
    assertThat(local.getJson("/api/status").get("strict").asBoolean()).isTrue();
  }

  private HttpResponse<String> fault(String json) {
    HttpResponse<String> r = local.api("POST", "/api/faults", json);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r;
  }

  private String error(String json) {
    HttpResponse<String> r = local.api("POST", "/api/faults", json);
    assertThat(r.statusCode()).isEqualTo(400);
    return Running.json(r.body()).get("error").asText();
  }
}
