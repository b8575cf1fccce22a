package io.atrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecordingTest {
  final FakeCollector collector = FakeCollector.start();

  @AfterEach
  void close() {
    collector.close();
  }

  @Test
  void listensOnLoopbackWithABaseUrlWithoutTrailingSlash() {
    assertThat(collector.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:" + collector.port()));
    assertThat(collector.port()).isPositive();
    assertThat(collector.isRunning()).isTrue();
  }

  @Test
  void recordsMethodPathHeadersAndBodyWithKeyOrderKept() {
    Instant before = Instant.now();
    String json =
        "{\"sdkVersion\":\"0.1.0\",\"uuid\":\"u1\",\"event\":\"signup\","
            + "\"attributes\":{\"b\":1,\"a\":2}}";

    HttpResponse<String> response = Clients.send(Clients.post(collector, "/event", json));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"ok\":true}");
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    RecordedRequest r = collector.requests().get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/event");
    assertThat(r.header("X-A-Track-Key")).isEqualTo("pub_test_key_1234");
    assertThat(r.header("content-type")).isEqualTo("application/json");
    assertThat(r.header("User-Agent")).isEqualTo("a-track-java/0.1.0");
    assertThat(r.header("x-missing")).isNull();
    assertThat(r.headers()).containsEntry("x-a-track-key", List.of("pub_test_key_1234"));
    assertThat(r.headers().get("X-A-TRACK-KEY")).containsExactly("pub_test_key_1234");
    assertThat(r.rawBody()).isEqualTo(json);
    assertThat(r.body().keySet()).containsExactly("sdkVersion", "uuid", "event", "attributes");
    @SuppressWarnings("unchecked")
    Map<String, Object> attributes = (Map<String, Object>) r.body().get("attributes");
    assertThat(attributes.keySet()).containsExactly("b", "a");
    assertThat(r.receivedAt()).isBetween(before, Instant.now());
  }

  @Test
  void keepsTheBodyExactlyAsUtf8() {
    String json = "{\"name\":\"Zoë 🚀 €\"}";

    Clients.send(Clients.post(collector, "/attributes", json));

    RecordedRequest r = collector.requests("/attributes").get(0);
    assertThat(r.rawBody()).isEqualTo(json);
    assertThat(r.body()).containsEntry("name", "Zoë 🚀 €");
  }

  @Test
  void recordsChunkedBodies() {
    String json = "{\"chunked\":true}";
    HttpRequest chunked =
        HttpRequest.newBuilder(URI.create(collector.baseUrl() + "/event"))
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
            .build();

    assertThat(Clients.send(chunked).statusCode()).isEqualTo(200);

    RecordedRequest r = collector.requests().get(0);
    assertThat(r.header("transfer-encoding")).isEqualTo("chunked");
    assertThat(r.rawBody()).isEqualTo(json);
  }

  @Test
  void answersAndRecordsAnyMethodAndUnknownPathWithoutQuery() {
    HttpRequest get =
        HttpRequest.newBuilder(URI.create(collector.baseUrl() + "/nowhere?x=1")).GET().build();

    assertThat(Clients.send(get).statusCode()).isEqualTo(200);

    RecordedRequest r = collector.requests().get(0);
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.path()).isEqualTo("/nowhere");
    assertThat(r.rawBody()).isEmpty();
  }

  @Test
  void filtersByPathInArrivalOrder() {
    Clients.send(Clients.post(collector, "/init", "{\"n\":1}"));
    Clients.send(Clients.post(collector, "/event", "{\"n\":2}"));
    Clients.send(Clients.post(collector, "/event", "{\"n\":3}"));

    assertThat(collector.requestCount()).isEqualTo(3);
    assertThat(collector.requests())
        .extracting(RecordedRequest::path)
        .containsExactly("/init", "/event", "/event");
    assertThat(collector.requests("/event"))
        .extracting(r -> r.body().get("n"))
        .containsExactly(2, 3);
    assertThat(collector.requests("/attributes")).isEmpty();
  }

  @Test
  void recordsInvalidJsonAndFailsOnlyWhenTheBodyIsRead() {
    Clients.send(Clients.post(collector, "/event", "{\"a\":1"));
    Clients.send(Clients.post(collector, "/event", "[1,2]"));
    Clients.send(Clients.post(collector, "/event", "{\"a\":1,\"a\":2}"));

    List<RecordedRequest> events = collector.requests("/event");
    assertThat(events).hasSize(3);
    assertThat(events.get(0).rawBody()).isEqualTo("{\"a\":1");
    assertThatThrownBy(() -> events.get(0).body())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("POST /event is not valid JSON")
        .hasMessageContaining("{\"a\":1");
    assertThatThrownBy(() -> events.get(1).body())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("is not a JSON object: [1,2]");
    assertThatThrownBy(() -> events.get(2).body())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Duplicate field 'a'");
  }

  @Test
  void masksTheKeyWhenPrinted() {
    Clients.send(Clients.post(collector, "/init", "{\"uuid\":\"u1\"}"));

    String printed = collector.requests().get(0).toString();

    assertThat(printed)
        .startsWith("POST /init {")
        .contains("x-a-track-key: pub_…1234")
        .doesNotContain("pub_test_key")
        .contains("content-type: application/json")
        .endsWith("} {\"uuid\":\"u1\"}");
  }

  @Test
  void resetForgetsRequestsAndScripts() {
    collector.respond(503);
    collector.respondWith(r -> Response.status(400));
    collector.defaultResponse(Response.status(202));
    Clients.send(Clients.post(collector, "/init", "{}"));

    collector.reset();

    assertThat(collector.requests()).isEmpty();
    assertThat(collector.requestCount()).isZero();
    assertThat(collector.connectionsOpened()).isZero();
    assertThat(Clients.send(Clients.post(collector, "/init", "{}")).statusCode()).isEqualTo(200);
  }
}
