package io.atrack.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Routed paths, keepRequests(false) and a collector on a given address. */
class RoutesTest {
  final FakeCollector collector = FakeCollector.start();

  @AfterEach
  void close() {
    collector.close();
  }

  @Test
  void routedPathsAreServedByTheirHandlerNotRecordedNorScripted() {
    collector.route("/", exchange -> answer(exchange, "page"));
    collector.route("/api/*", exchange -> answer(exchange, "api " + exchange.getRequestURI()));
    collector.respond(503);

    assertThat(get("/").body()).isEqualTo("page");
    assertThat(get("/api/requests?limit=5").body()).isEqualTo("api /api/requests?limit=5");
    assertThat(get("/api/").body()).isEqualTo("api /api/");
    assertThat(collector.requests()).isEmpty();

    // "/api" is not under "/api/*", and "/other" is not "/": both reach the collector, which
    // still has its scripted 503 for the first of them.
    assertThat(get("/api").statusCode()).isEqualTo(503);
    assertThat(get("/other").statusCode()).isEqualTo(200);
    assertThat(collector.requests())
        .extracting(RecordedRequest::path)
        .containsExactly("/api", "/other");
  }

  @Test
  void aFailingHandlerClosesOnlyItsConnection() {
    collector.route(
        "/broken",
        exchange -> {
          throw new IllegalStateException("handler bug");
        });

    assertThatThrownBy(() -> get("/broken")).hasRootCauseInstanceOf(IOException.class);
    assertThat(get("/event").statusCode()).isEqualTo(200);
  }

  @Test
  void routePathMustStartWithASlash() {
    assertThatThrownBy(() -> collector.route("api/*", exchange -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("api/*");
  }

  @Test
  void requestsNotKeptAreStillCountedAndAwaited() {
    collector.keepRequests(false);
    Clients.post(collector, "/event");
    Clients.post(collector, "/init");

    assertThat(collector.awaitRequests(2, Duration.ofSeconds(5))).isEmpty();
    assertThat(collector.requestCount()).isEqualTo(2);

    collector.keepRequests(true);
    Clients.post(collector, "/attributes");
    assertThat(collector.requests())
        .extracting(RecordedRequest::path)
        .containsExactly("/attributes");
  }

  @Test
  void listensOnTheGivenAddressAndNamesItInTheBaseUrl() throws IOException {
    byte[] ipv6Loopback = new byte[16];
    ipv6Loopback[15] = 1;
    try (FakeCollector v6 = FakeCollector.start(InetAddress.getByAddress(ipv6Loopback), 0)) {
      assertThat(v6.baseUrl()).isEqualTo(URI.create("http://[0:0:0:0:0:0:0:1]:" + v6.port()));
      HttpResponse<String> r =
          Clients.send(HttpRequest.newBuilder(URI.create(v6.baseUrl() + "/event")).build());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(v6.requests("/event")).hasSize(1);
    }
  }

  private HttpResponse<String> get(String path) {
    return Clients.send(HttpRequest.newBuilder(URI.create(collector.baseUrl() + path)).build());
  }

  private static void answer(HttpExchange exchange, String text) throws IOException {
    byte[] body = text.getBytes(UTF_8);
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
