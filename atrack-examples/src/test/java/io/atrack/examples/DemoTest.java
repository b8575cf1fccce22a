package io.atrack.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.testkit.FakeCollectorExtension;
import io.atrack.testkit.RecordedRequest;
import io.atrack.testkit.Response;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DemoTest {
  private static final Pattern GENERATED_UUID =
      Pattern.compile("InitResult\\.uuid\\(\\)\\s*= (\\S+)");

  @RegisterExtension final FakeCollectorExtension refusingApi = new FakeCollectorExtension();

  @Test
  void printsEveryFlowsRequestsWithTheKeyMasked() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<RecordedRequest> requests;
    try (PrintStream out = new PrintStream(bytes, true, UTF_8)) {
      requests = Demo.runAgainstFakeCollector(out);
    }
    String output = bytes.toString(UTF_8);

    assertThat(output).contains("POST /init", "POST /attributes", "POST /event");
    assertThat(output).doesNotContain(Demo.DEMO_KEY).contains("x-a-track-key: pub_…cdef");
    // 4 inits (own uuid, generated, request info, scoped), merge + replace, 4 events.
    assertThat(requests).hasSize(10);
    assertThat(requests)
        .extracting(RecordedRequest::path)
        .containsExactly(
            "/init",
            "/event",
            "/init",
            "/event",
            "/init",
            "/attributes",
            "/attributes",
            "/event",
            "/init",
            "/event");
    assertThat(output.split("\n")).filteredOn(line -> line.startsWith("  POST /")).hasSize(10);
    assertThat(requests)
        .allSatisfy(r -> assertThat(r.header("x-a-track-key")).isEqualTo(Demo.DEMO_KEY));
  }

  @Test
  void generatedUuidIsPrintedAndIsVersion4() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<RecordedRequest> requests;
    try (PrintStream out = new PrintStream(bytes, true, UTF_8)) {
      requests = Demo.runAgainstFakeCollector(out);
    }
    Matcher m = GENERATED_UUID.matcher(bytes.toString(UTF_8));

    assertThat(m.find()).as("output shows InitResult.uuid()").isTrue();
    String uuid = m.group(1);
    assertThat(uuid).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(UUID.fromString(uuid).version()).isEqualTo(4);
    assertThat(bytes.toString(UTF_8)).contains("currentUser().uuid() = " + uuid);
    // The init that generated it said so, and the explicit-uuid event went to the same user.
    Map<String, Object> init = requests.get(2).body();
    assertThat(init).containsEntry("uuid", uuid).containsEntry("isNewUser", true);
    assertThat(requests.get(3).body())
        .containsEntry("uuid", uuid)
        .containsEntry("event", "job_processed");
  }

  @Test
  void scopedEventCarriesTheScopesContextAndUser() {
    List<RecordedRequest> requests =
        Demo.runAgainstFakeCollector(new PrintStream(new ByteArrayOutputStream(), true, UTF_8));

    Map<String, Object> event = requests.get(9).body();
    assertThat(event)
        .containsEntry("uuid", "web-user-7")
        .containsEntry("event", "checkout_started");
    assertThat(event.get("context"))
        .isEqualTo(
            Map.of(
                "url", "/checkout",
                "ipAddress", "203.0.113.7",
                "userAgent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)",
                "locale", "de-DE",
                "timezone", "Europe/Berlin",
                "requestId", "req-7f3a"));
  }

  @Test
  void baseUrlModeSendsEveryFlowThereAndReportsEachCallDelivered() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, UTF_8)) {
      Demo.runAgainstBaseUrl(refusingApi.baseUrl(), Demo.DEMO_KEY, out);
    }
    String output = bytes.toString(UTF_8);

    assertThat(output).startsWith("Sending to " + refusingApi.baseUrl() + " with key pub_…cdef");
    assertThat(output.split("\n")).filteredOn(line -> line.endsWith(": delivered")).hasSize(10);
    assertThat(output).doesNotContain(Demo.DEMO_KEY);
    assertThat(refusingApi.requests()).hasSize(10);
  }

  @Test
  void apiModeReportsFailuresWithoutTheWholeKey() {
    String key = "pub_live_secret_8f3k2j4h5g6fA1B2";
    refusingApi.defaultResponse(
        Response.status(401).body("{\"message\":\"unknown key " + key + "\"}"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, UTF_8)) {
      new Demo(out, key, b -> b.baseUrl(refusingApi.baseUrl()), new ApiReport(out, key)).run();
    }
    String output = bytes.toString(UTF_8);

    assertThat(output).doesNotContain(key).contains("FAILED", "(HTTP 401)", "pub_…A1B2");
    assertThat(output.split("\n")).filteredOn(line -> line.contains("FAILED")).hasSize(10);
  }
}
