package io.atrack.sdk.internal.sender;

import static io.atrack.sdk.internal.sender.RawServer.OK;
import static io.atrack.sdk.internal.sender.RawServer.answerEach;
import static io.atrack.sdk.internal.sender.RawServer.awaitEof;
import static io.atrack.sdk.internal.sender.RawServer.readRequest;
import static io.atrack.sdk.internal.sender.RawServer.write;
import static io.atrack.sdk.internal.sender.Requests.KEY;
import static io.atrack.sdk.internal.sender.Requests.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrack.sdk.transport.Transport;
import io.atrack.sdk.transport.TransportRequest;
import io.atrack.sdk.transport.TransportResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Exact server behaviour from raw sockets: drops, silence, half answers. */
@Timeout(10)
class SocketTransportFailureTest {

  final Transport transport = kind().with().connectTimeout(Duration.ofSeconds(2)).build();

  /** The transport these tests run against; the {@code Nio…} subclass picks NIO. */
  TransportKind kind() {
    return TransportKind.SOCKET;
  }

  @AfterEach
  void closeTransport() {
    transport.close();
  }

  @Test
  void writesHostContentLengthAndHeadersInSendingOrder() throws Exception {
    Queue<String> requests = new ConcurrentLinkedQueue<>();
    try (RawServer server =
        RawServer.start(
            (socket, index) -> {
              requests.add(readRequest(socket.getInputStream()));
              write(socket, OK);
            })) {
      transport.send(post(server.uri("/collect/event?v=1"), "{\"a\":1}"));

      assertThat(requests)
          .containsExactly(
              "POST /collect/event?v=1 HTTP/1.1\r\n"
                  + "host: 127.0.0.1:"
                  + server.port()
                  + "\r\n"
                  + "x-a-track-key: "
                  + KEY
                  + "\r\n"
                  + "content-type: application/json\r\n"
                  + "user-agent: a-track-java/0.1.0-test\r\n"
                  + "content-length: 7\r\n"
                  + "\r\n"
                  + "{\"a\":1}");
    }
  }

  @Test
  void sendsAgainOnNewConnectionWhenServerClosedIdleOne() throws Exception {
    try (RawServer server =
        RawServer.start(
            (socket, index) -> {
              readRequest(socket.getInputStream());
              write(socket, OK); // keep-alive answer, then close while the client keeps it
            })) {
      transport.send(post(server.uri("/event"), "{}"));
      server.awaitFinished(1);

      TransportResponse response = transport.send(post(server.uri("/event"), "{}"));

      assertThat(response.body()).isEqualTo("ok");
      assertThat(server.accepted()).isEqualTo(2);
    }
  }

  @Test
  void sendsAgainOnlyOnceWhenNewConnectionFailsToo() throws Exception {
    try (RawServer server =
        RawServer.start(
            (socket, index) -> {
              readRequest(socket.getInputStream());
              if (index == 0) {
                write(socket, OK);
              } // later connections: dropped without an answer
            })) {
      transport.send(post(server.uri("/event"), "{}"));
      server.awaitFinished(1);

      assertThatThrownBy(() -> transport.send(post(server.uri("/event"), "{}")))
          .isInstanceOf(IOException.class);
      assertThat(server.accepted()).isEqualTo(2);
    }
  }

  @Test
  void doesNotSendAgainWhenAnswerHadStarted() throws Exception {
    try (RawServer server =
        RawServer.start(
            (socket, index) -> {
              readRequest(socket.getInputStream());
              write(socket, OK);
              readRequest(socket.getInputStream());
              write(socket, "HTTP/1.1 20"); // then closed mid-status-line
            })) {
      transport.send(post(server.uri("/event"), "{}"));

      assertThatThrownBy(() -> transport.send(post(server.uri("/event"), "{}")))
          .isInstanceOf(IOException.class);
      assertThat(server.accepted()).isEqualTo(1);
    }
  }

  @Test
  void failsWhenNewConnectionIsDroppedWithoutAnswer() throws Exception {
    try (RawServer server =
        RawServer.start((socket, index) -> readRequest(socket.getInputStream()))) {
      assertThatThrownBy(() -> transport.send(post(server.uri("/event"), "{}")))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("closed");
      assertThat(server.accepted()).isEqualTo(1);
    }
  }

  @Test
  void timesOutAndClosesSocketWhenServerNeverAnswers() throws Exception {
    try (RawServer server =
        RawServer.start(
            (socket, index) -> {
              readRequest(socket.getInputStream());
              awaitEof(socket);
            })) {
      TransportRequest request = post(server.uri("/event"), "{}", Duration.ofMillis(200));
      long start = System.nanoTime();

      assertThatThrownBy(() -> transport.send(request))
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessageContaining("127.0.0.1:" + server.port())
          .hasMessageContaining("200 ms");
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

      // Not early (the watchdog's clock is real); the class's @Timeout guards against a hang.
      assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(190));
      server.awaitFinished(1);
    }
  }

  @Test
  void failsWithHostAndPortButNoKeyWhenConnectionIsRefused() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    URI uri = URI.create("http://127.0.0.1:" + port + "/event");

    assertThatThrownBy(() -> transport.send(post(uri, "{}")))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("127.0.0.1:" + port)
        .hasMessageNotContaining(KEY);
  }

  @Test
  void skipsInterimContinueAnswer() throws Exception {
    try (RawServer server =
        RawServer.start(
            (socket, index) -> {
              readRequest(socket.getInputStream());
              write(socket, "HTTP/1.1 100 Continue\r\n\r\n" + OK);
              awaitEof(socket);
            })) {
      TransportResponse response = transport.send(post(server.uri("/event"), "{}"));

      assertThat(response).isEqualTo(TransportResponse.of(200, null, "ok"));
    }
  }

  @Test
  void readsBodyOfUnknownLengthToEndAndThenClosesConnection() throws Exception {
    try (RawServer server =
        RawServer.start(
            (socket, index) -> {
              readRequest(socket.getInputStream());
              write(socket, "HTTP/1.1 503 Service Unavailable\r\nretry-after: 2\r\n\r\nbusy");
            })) {
      TransportResponse first = transport.send(post(server.uri("/event"), "{}"));
      transport.send(post(server.uri("/event"), "{}"));

      assertThat(first).isEqualTo(TransportResponse.of(503, "2", "busy"));
      assertThat(server.accepted()).isEqualTo(2);
    }
  }

  @Test
  void closesIdleConnectionsOnCloseAndRefusesLaterSends() throws Exception {
    try (RawServer server = RawServer.start(answerEach(OK))) {
      transport.send(post(server.uri("/event"), "{}"));

      transport.close();
      transport.close();

      server.awaitFinished(1);
      assertThatThrownBy(() -> transport.send(post(server.uri("/event"), "{}")))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void rejectsHeaderValueThatWouldBreakFramingWithoutEchoingIt() {
    TransportRequest request =
        TransportRequest.of(
            URI.create("http://127.0.0.1:1/event"),
            Map.of("x-a-track-key", KEY + "\r\nx-evil: 1"),
            new byte[0],
            Duration.ofSeconds(1));

    assertThatThrownBy(() -> transport.send(request))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x-a-track-key")
        .hasMessageNotContaining(KEY);
  }
}
