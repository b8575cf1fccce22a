package io.atrack.sdk.internal.sender;

import static io.atrack.sdk.internal.sender.NioCalls.assertEachAnsweredWithItsOwnBody;
import static io.atrack.sdk.internal.sender.NioCalls.bodyOf;
import static io.atrack.sdk.internal.sender.NioCalls.echo;
import static io.atrack.sdk.internal.sender.NioCalls.sendAll;
import static io.atrack.sdk.internal.sender.RawServer.awaitEof;
import static io.atrack.sdk.internal.sender.RawServer.readRequest;
import static io.atrack.sdk.internal.sender.RawServer.write;
import static io.atrack.sdk.internal.sender.Requests.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrack.sdk.transport.TransportResponse;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * {@link SocketTransportTlsTest} against {@link NioTransport} ({@code SSLEngine}), and TLS only it
 * meets: pipelined records, bodies larger than one TLS record both ways, failed handshakes.
 */
class NioTlsTest extends SocketTransportTlsTest {

  @Override
  TransportKind kind() {
    return TransportKind.NIO;
  }

  private static NioTransport trusting(int maxConnections) {
    return NioTransport.builder()
        .sslContext(tls.client)
        .maxConnections(maxConnections)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  private static URI localhost(RawServer server) {
    return URI.create("https://localhost:" + server.port() + "/event");
  }

  @Test
  void pipelinesOverTlsAndMatchesEachAnswer() throws Exception {
    int count = 16;
    CountDownLatch allRead = new CountDownLatch(1);
    try (RawServer server =
            RawServer.startTls(
                tls.server,
                (socket, index) -> {
                  InputStream in = new BufferedInputStream(socket.getInputStream());
                  List<String> bodies = new ArrayList<>();
                  for (int i = 0; i < count; i++) {
                    bodies.add(bodyOf(readRequest(in)));
                  }
                  allRead.countDown();
                  StringBuilder answers = new StringBuilder();
                  for (String body : bodies) {
                    answers.append(echo(body));
                  }
                  write(socket, answers.toString()); // all answers in one burst of records
                  NioCalls.echoEach(body -> {}).run(socket, index);
                });
        NioTransport transport = trusting(1)) {
      List<CompletableFuture<TransportResponse>> outcomes =
          sendAll(transport, localhost(server), count);

      assertThat(allRead.await(10, TimeUnit.SECONDS)).isTrue();
      assertEachAnsweredWithItsOwnBody(outcomes);
      assertThat(server.accepted()).isEqualTo(1);
    }
  }

  @Test
  void carriesBodiesLargerThanATlsRecordBothWays() throws Exception {
    // 200 KB out (a dozen records), 50 KB back: drained within the limit, so the connection stays.
    String big = "{\"pad\":\"" + "p".repeat(200_000) + "\"}";
    String error = "e".repeat(50_000);
    Queue<String> received = new ConcurrentLinkedQueue<>();
    try (RawServer server =
            RawServer.startTls(
                tls.server,
                (socket, index) -> {
                  InputStream in = new BufferedInputStream(socket.getInputStream());
                  String request;
                  while ((request = readRequest(in)) != null) {
                    received.add(bodyOf(request));
                    write(
                        socket,
                        "HTTP/1.1 400 Bad Request\r\ncontent-length: "
                            + error.length()
                            + "\r\n\r\n"
                            + error);
                  }
                });
        NioTransport transport = trusting(1)) {
      TransportResponse first = transport.send(post(localhost(server), big));
      TransportResponse second = transport.send(post(localhost(server), big));

      assertThat(received).containsExactly(big, big);
      assertThat(first.statusCode()).isEqualTo(400);
      assertThat(first.body()).isEqualTo("e".repeat(TransportResponse.MAX_BODY_CHARS));
      assertThat(second.statusCode()).isEqualTo(400);
      assertThat(server.accepted()).as("the drained connection was kept").isEqualTo(1);
    }
  }

  @Test
  void failsHandshakeWithPlainHttpServerNamingHostAndPort() throws Exception {
    try (RawServer plain =
            RawServer.start(
                (socket, index) -> {
                  write(socket, "HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n");
                  awaitEof(socket);
                });
        NioTransport transport = trusting(4)) {
      assertThatThrownBy(() -> transport.send(post(localhost(plain), "{}")))
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("localhost:" + plain.port())
          .hasMessageNotContaining(Requests.KEY);
    }
  }

  @Test
  void failsHandshakeCutByTheServerNamingHostAndPort() throws Exception {
    try (RawServer cutting =
            // Reads the ClientHello (one segment on loopback), then closes: an end of stream.
            RawServer.start((socket, index) -> socket.getInputStream().read(new byte[16_384]));
        NioTransport transport = trusting(4)) {
      assertThatThrownBy(() -> transport.send(post(localhost(cutting), "{}")))
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("localhost:" + cutting.port());
    }
  }
}
