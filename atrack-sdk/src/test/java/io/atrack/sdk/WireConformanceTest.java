package io.atrack.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.testkit.FakeCollectorExtension;
import io.atrack.testkit.RecordedRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Headers and bodies exactly as SPEC sections 2 and 3 say, checked on the wire. */
class WireConformanceTest {
  private static final Pattern UUID_V4 =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String VERSION = ATrack.sdkVersion();

  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  @Test
  void sdkVersionComesFromTheBuild() {
    assertThat(VERSION).isEqualTo(System.getProperty("atrack.expectedVersion")).isNotBlank();
  }

  @Test
  void everyRequestCarriesKeyContentTypeAndUserAgent() {
    try (ATrack sdk = TestClients.against(collector).build()) {
      sdk.init(InitRequest.forUser("u1")).join();
      sdk.setAttributes(Map.of("plan", "pro")).join();
      sdk.track("signup").join();
    }
    List<RecordedRequest> requests = collector.requests();
    assertThat(requests)
        .extracting(RecordedRequest::path)
        .containsExactly("/init", "/attributes", "/event");
    for (RecordedRequest r : requests) {
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.header("x-a-track-key")).isEqualTo(TestClients.KEY);
      assertThat(r.header("content-type")).isEqualTo("application/json");
      assertThat(r.header("user-agent")).startsWith("a-track-java/" + VERSION);
    }
  }

  @Test
  void initBodyHasSpecFieldsInOrderWithEmptyObjects() {
    try (ATrack sdk = TestClients.against(collector).build()) {
      sdk.init(InitRequest.forUser("server-user-42")).join();
    }
    RecordedRequest init = collector.requests("/init").get(0);
    assertThat(init.rawBody())
        .isEqualTo(
            "{\"sdkVersion\":\""
                + VERSION
                + "\",\"uuid\":\"server-user-42\",\"isNewUser\":true,"
                + "\"mode\":\"merge\",\"context\":{},\"attributes\":{},\"profile\":{},"
                + requestIdOf(init)
                + "}");
  }

  @Test
  void attributesBodyHasSpecFieldsInOrder() {
    try (ATrack sdk = TestClients.against(collector).build()) {
      sdk.init(InitRequest.forUser("u1")).join();
      Map<String, Object> attributes = new LinkedHashMap<>();
      attributes.put("plan", "business");
      attributes.put("seats", 12);
      sdk.setAttributes(attributes).join();
      sdk.setAttributes(Map.of("plan", "free"), AttributesMode.REPLACE).join();
    }
    List<RecordedRequest> sent = collector.requests("/attributes");
    assertThat(sent.get(0).rawBody())
        .isEqualTo(
            "{\"sdkVersion\":\""
                + VERSION
                + "\",\"uuid\":\"u1\",\"mode\":\"merge\","
                + "\"attributes\":{\"plan\":\"business\",\"seats\":12},\"profile\":{},"
                + requestIdOf(sent.get(0))
                + "}");
    assertThat(sent.get(1).rawBody())
        .isEqualTo(
            "{\"sdkVersion\":\""
                + VERSION
                + "\",\"uuid\":\"u1\",\"mode\":\"replace\","
                + "\"attributes\":{\"plan\":\"free\"},\"profile\":{},"
                + requestIdOf(sent.get(1))
                + "}");
    assertThat(requestIdOf(sent.get(0))).isNotEqualTo(requestIdOf(sent.get(1)));
  }

  @Test
  void eventBodyHasSpecFieldsInOrderAndMillisecondTimestampOnWholeSecond() {
    Clock wholeSecond = Clock.fixed(Instant.parse("2026-04-08T12:00:00Z"), ZoneOffset.UTC);
    try (ATrack sdk = TestClients.against(collector).clock(wholeSecond).build()) {
      sdk.track(TrackRequest.builder("invoice_paid").uuid("u1").build()).join();
    }
    RecordedRequest event = collector.requests("/event").get(0);
    String eventId = (String) event.body().get("eventId");
    assertThat(eventId).matches(UUID_V4);
    assertThat(event.rawBody())
        .isEqualTo(
            "{\"sdkVersion\":\""
                + VERSION
                + "\",\"uuid\":\"u1\",\"event\":\"invoice_paid\","
                + "\"attributes\":{},\"timestamp\":\"2026-04-08T12:00:00.000Z\",\"context\":{},"
                + "\"eventId\":\""
                + eventId
                + "\"}");
  }

  @Test
  void stateChangesKeepTheirRequestIdOnEveryAttempt() {
    // Only events carried an idempotency id: a resent /init or /attributes could not be told from
    // a new one. Each state change now carries its own requestId, made once per call.
    collector.respond(503, 200, 503, 200);
    try (ATrack sdk = TestClients.against(collector).build()) {
      sdk.init(InitRequest.forUser("u1")).join();
      sdk.setAttributes(Map.of("plan", "pro")).join();
    }
    List<RecordedRequest> inits = collector.requests("/init");
    List<RecordedRequest> changes = collector.requests("/attributes");
    assertThat(inits).hasSize(2);
    assertThat(changes).hasSize(2);
    assertThat(requestIdOf(inits.get(1))).isEqualTo(requestIdOf(inits.get(0)));
    assertThat(requestIdOf(changes.get(1))).isEqualTo(requestIdOf(changes.get(0)));
    assertThat(requestIdOf(changes.get(0))).isNotEqualTo(requestIdOf(inits.get(0)));
  }

  /** The {@code "requestId":"…"} member of a state change's body, checked to be a v4 UUID. */
  private static String requestIdOf(RecordedRequest request) {
    String requestId = (String) request.body().get("requestId");
    assertThat(requestId).matches(UUID_V4);
    return "\"requestId\":\"" + requestId + "\"";
  }

  @Test
  void explicitTimestampKeepsMillisecondsAndDropsFinerDigits() {
    try (ATrack sdk = TestClients.against(collector).build()) {
      sdk.track(
              TrackRequest.builder("e")
                  .uuid("u1")
                  .timestamp(Instant.parse("2026-04-08T12:00:00.123456789Z"))
                  .build())
          .join();
    }
    assertThat(collector.requests("/event").get(0).body())
        .containsEntry("timestamp", "2026-04-08T12:00:00.123Z");
  }

  @Test
  void eachTrackCallGetsItsOwnEventId() {
    try (ATrack sdk = TestClients.against(collector).build()) {
      for (int i = 0; i < 50; i++) {
        var unused = sdk.track(TrackRequest.builder("e").uuid("u1").build());
      }
      sdk.flush().join();
    }
    assertThat(collector.requests("/event"))
        .extracting(r -> r.body().get("eventId"))
        .hasSize(50)
        .doesNotHaveDuplicates()
        .allSatisfy(id -> assertThat((String) id).matches(UUID_V4));
  }

  @Test
  void requestInfoFillsContextAndProfile() {
    try (ATrack sdk = TestClients.against(collector).build()) {
      sdk.init(
              InitRequest.builder()
                  .url("/pricing?source=google")
                  .referer("https://google.com")
                  .ipAddress("134.122.17.144")
                  .userAgent("Mozilla/5.0")
                  .locale("en-US")
                  .timezone("America/New_York")
                  .uuid("crm-user-42")
                  .userAttributes(Map.of("plan", "pro"))
                  .build())
          .join();
    }
    RecordedRequest init = collector.requests("/init").get(0);
    assertThat(init.rawBody())
        .isEqualTo(
            "{\"sdkVersion\":\""
                + VERSION
                + "\",\"uuid\":\"crm-user-42\",\"isNewUser\":true,"
                + "\"mode\":\"merge\",\"context\":{\"url\":\"/pricing?source=google\","
                + "\"referer\":\"https://google.com\",\"ipAddress\":\"134.122.17.144\","
                + "\"userAgent\":\"Mozilla/5.0\",\"locale\":\"en-US\","
                + "\"timezone\":\"America/New_York\"},\"attributes\":{\"plan\":\"pro\"},"
                + "\"profile\":{\"locale\":\"en-US\",\"timezone\":\"America/New_York\"},"
                + requestIdOf(init)
                + "}");
  }

  @Test
  void basePathPrefixIsKept() {
    try (ATrack sdk =
        TestClients.against(collector).baseUrl(collector.baseUrl() + "/collect/").build()) {
      sdk.track(TrackRequest.builder("e").uuid("u1").build()).join();
    }
    assertThat(collector.awaitRequests(1, WAIT).get(0).path()).isEqualTo("/collect/event");
  }

  @Test
  void nonAsciiAndEscapesSurviveTheWire() {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("name", "Zoë \"quoted\" \\ 🎉");
    attributes.put("multi\nline", "tab\there");
    try (ATrack sdk = TestClients.against(collector).build()) {
      sdk.track(TrackRequest.builder("ünïcode").uuid("u1").attributes(attributes).build()).join();
    }
    RecordedRequest event = collector.requests("/event").get(0);
    assertThat(event.body()).containsEntry("event", "ünïcode");
    assertThat(event.body().get("attributes")).isEqualTo(attributes);
  }
}
