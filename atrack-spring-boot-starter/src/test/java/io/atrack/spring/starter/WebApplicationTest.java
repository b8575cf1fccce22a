package io.atrack.spring.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.spring.test.AutoConfigureATrackCollector;
import io.atrack.testkit.FakeCollector;
import io.atrack.testkit.RecordedRequest;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A real application on a random port (Spring MVC on Tomcat, actuator, a Brave tracer), with only
 * the starter and two properties: real HTTP requests to a controller that tracks, checked at the
 * collector.
 */
@SpringBootTest(
    classes = DemoApp.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "server.address=127.0.0.1",
      "atrack.web.trusted-proxies=127.0.0.1/32",
      "management.tracing.sampling.probability=1.0",
      "management.endpoints.web.exposure.include=health",
      "management.endpoint.health.show-details=always",
      "management.endpoint.health.probes.enabled=true",
      "spring.task.execution.thread-name-prefix=atrack-test-async-"
    })
@AutoConfigureATrackCollector
@Timeout(60)
class WebApplicationTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @LocalServerPort int port;
  @Autowired FakeCollector collector;
  @Autowired MeterRegistry meters;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void eventsCarryTheRequestsContextAndTraceIds() throws Exception {
    HttpResponse<String> r =
        http.send(
            get("/pricing?source=google&user=crm-42")
                .header("User-Agent", "Mozilla/5.0\tTest") // a tab: legal, cleaned, never a 500
                .header("Referer", "https://google.com/")
                .header("Accept-Language", "de-CH;q=0.9, en-US;q=1.0")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    String traceId = r.headers().firstValue("X-Trace-Id").orElseThrow();

    RecordedRequest event = collector.awaitRequests("/event", 1, WAIT).get(0);
    assertThat(event.body())
        .containsEntry("uuid", "crm-42")
        .containsEntry("event", "pricing_viewed");
    Map<String, Object> context = context(event);
    assertThat(context)
        .containsEntry("url", "/pricing?source=google&user=crm-42")
        .containsEntry("referer", "https://google.com/")
        .containsEntry("ipAddress", "127.0.0.1")
        .containsEntry("locale", "en-US")
        .containsEntry("traceId", traceId)
        .containsKey("spanId");
    assertThat((String) context.get("userAgent")).startsWith("Mozilla/5.0").endsWith("Test");
    RecordedRequest init = collector.awaitRequests("/init", 1, WAIT).get(0);
    assertThat(context(init)).containsEntry("url", "/pricing?source=google&user=crm-42");
  }

  @Test
  void forwardedClientIpIsBelievedOnlyFromATrustedProxy() throws Exception {
    http.send(
        get("/pricing?user=u-xff").header("X-Forwarded-For", "198.51.100.7, 203.0.113.9").build(),
        HttpResponse.BodyHandlers.ofString());
    RecordedRequest event = collector.awaitRequests("/event", 1, WAIT).get(0);
    assertThat(context(event)).containsEntry("ipAddress", "203.0.113.9");
  }

  @Test
  void asyncWorkKeepsTheRequestsScope() throws Exception {
    HttpResponse<String> r =
        http.send(get("/async?user=u-async").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("atrack-test-async-"); // ran on Boot's task executor
    RecordedRequest event = collector.awaitRequests("/event", 1, WAIT).get(0);
    assertThat(event.body()).containsEntry("event", "async_work").containsEntry("uuid", "u-async");
    assertThat(context(event)).containsEntry("url", "/async?user=u-async");
  }

  @Test
  void concurrentRequestsNeverShareAUser() throws Exception {
    int users = 20;
    int perUser = 5;
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < users * perUser; i++) {
      calls.add(
          http.sendAsync(
              get("/pricing?user=user-" + (i % users) + "&n=" + i).build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    for (var call : calls) {
      assertThat(call.get().statusCode()).isEqualTo(200);
    }
    List<RecordedRequest> events = collector.awaitRequests("/event", users * perUser, WAIT);
    assertThat(events).hasSize(users * perUser);
    for (RecordedRequest e : events) {
      String url = (String) context(e).get("url");
      String user = url.substring(url.indexOf("user=") + 5, url.indexOf("&n="));
      assertThat(e.body().get("uuid")).as(url).isEqualTo(user);
    }
  }

  @Test
  void healthIsUpWithDetailsAndStaysOutOfTheProbes() throws Exception {
    collector.respond(401, 401); // the init and the event
    http.send(get("/pricing?user=refused").build(), HttpResponse.BodyHandlers.ofString());
    collector.awaitRequests(1, WAIT);
    org.awaitility.Awaitility.await()
        .atMost(WAIT)
        .until(() -> body("/actuator/health").contains("\"keyRefused\":true"));
    HttpResponse<String> health =
        http.send(get("/actuator/health").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(health.body());
    assertThat(json.at("/status").asText()).isEqualTo("UP");
    assertThat(json.at("/components/atrack/status").asText()).isEqualTo("UP");
    assertThat(json.at("/components/atrack/details/keyRefused").asBoolean()).isTrue();
    assertThat(body("/actuator/health/liveness")).doesNotContain("atrack");
    assertThat(body("/actuator/health/readiness")).doesNotContain("atrack");
  }

  @Test
  void metersAreRegistered() throws Exception {
    http.send(get("/pricing?user=metered").build(), HttpResponse.BodyHandlers.ofString());
    collector.awaitRequests("/event", 1, WAIT);
    org.awaitility.Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                meters
                        .get("atrack.requests")
                        .tag("kind", "event")
                        .tag("outcome", "delivered")
                        .functionCounter()
                        .count()
                    >= 1);
    assertThat(meters.get("atrack.retries").functionCounter()).isNotNull();
    assertThat(meters.get("atrack.queue.size").gauge()).isNotNull();
  }

  private HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
  }

  private String body(String path) throws Exception {
    return http.send(get(path).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> context(RecordedRequest r) {
    return (Map<String, Object>) r.body().get("context");
  }
}
