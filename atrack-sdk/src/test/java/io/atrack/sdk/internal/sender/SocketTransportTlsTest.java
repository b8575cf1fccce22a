package io.atrack.sdk.internal.sender;

import static io.atrack.sdk.internal.sender.Requests.KEY;
import static io.atrack.sdk.internal.sender.Requests.post;
import static io.atrack.sdk.internal.sender.TestHttpServer.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrack.sdk.transport.Transport;
import io.atrack.sdk.transport.TransportResponse;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SocketTransportTlsTest {

  static SelfSignedTls tls;
  static TestHttpServer server;

  @BeforeAll
  static void startServer() throws Exception {
    tls = SelfSignedTls.load();
    server = TestHttpServer.start(tls.server, answer(200, "{\"ok\":true}"));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  /** The transport these tests run against; the {@code Nio…} subclass picks NIO. */
  TransportKind kind() {
    return TransportKind.SOCKET;
  }

  Transport trustingTransport() {
    return kind().with().tls(tls.client).connectTimeout(Duration.ofSeconds(5)).build();
  }

  @Test
  void postsOverTlsWhenCertificateNamesHostAndKeepsConnection() throws Exception {
    try (Transport transport = trustingTransport()) {
      TransportResponse first =
          transport.send(post(server.uri("localhost", "/event"), "{\"n\":1}"));
      TransportResponse second =
          transport.send(post(server.uri("localhost", "/event"), "{\"n\":2}"));

      assertThat(first).isEqualTo(TransportResponse.of(200, null, "{\"ok\":true}"));
      assertThat(second.statusCode()).isEqualTo(200);
    }
    List<TestHttpServer.Received> received =
        server.received().stream().filter(r -> r.bodyText().startsWith("{\"n\":")).toList();
    assertThat(received)
        .extracting(TestHttpServer.Received::bodyText)
        .containsExactly("{\"n\":1}", "{\"n\":2}");
    assertThat(received.get(0).headers().getFirst("host")).isEqualTo("localhost:" + server.port());
    assertThat(received.get(1).remotePort())
        .as("one TLS connection for both")
        .isEqualTo(received.get(0).remotePort());
  }

  @Test
  void refusesCertificateThatDoesNotNameHost() {
    try (Transport transport = trustingTransport()) {
      // The certificate names DNS "localhost" only: reaching it as 127.0.0.1 must fail.
      assertThatThrownBy(() -> transport.send(post(server.uri("127.0.0.1", "/event"), "{}")))
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("127.0.0.1:" + server.port())
          .hasMessageNotContaining(KEY);
    }
  }

  @Test
  void sendsAgainOverTlsWhenServerClosedIdleConnection() throws Exception {
    try (RawServer server =
            RawServer.startTls(
                tls.server,
                (socket, index) -> {
                  RawServer.readRequest(socket.getInputStream());
                  RawServer.write(socket, RawServer.OK); // then close_notify and close
                });
        Transport transport = trustingTransport()) {
      URI uri = URI.create("https://localhost:" + server.port() + "/event");
      transport.send(post(uri, "{}"));
      server.awaitFinished(1);

      assertThat(transport.send(post(uri, "{}")).body()).isEqualTo("ok");
      assertThat(server.accepted()).isEqualTo(2);
    }
  }
}
