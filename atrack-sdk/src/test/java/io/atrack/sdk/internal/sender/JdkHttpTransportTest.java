package io.atrack.sdk.internal.sender;

import static io.atrack.sdk.internal.sender.Requests.KEY;
import static io.atrack.sdk.internal.sender.Requests.post;
import static io.atrack.sdk.internal.sender.TestHttpServer.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrack.sdk.internal.sender.TestHttpServer.Received;
import io.atrack.sdk.transport.TransportResponse;
import java.net.ProxySelector;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class JdkHttpTransportTest {

  private final JdkHttpTransport transport =
      JdkHttpTransport.create(Duration.ofSeconds(2), ProxySelector.of(null));

  @AfterEach
  void closeTransport() {
    transport.close();
  }

  @Test
  void postsBodyAndHeadersAndReturnsStatusRetryAfterAndBody() throws Exception {
    try (TestHttpServer server = TestHttpServer.start(answer(503, "busy", "Retry-After", "30"))) {
      TransportResponse response = transport.send(post(server.uri("/collect/event"), "{\"a\":1}"));

      assertThat(response).isEqualTo(TransportResponse.of(503, "30", "busy"));
      Received request = server.received().get(0);
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.target()).isEqualTo("/collect/event");
      assertThat(request.bodyText()).isEqualTo("{\"a\":1}");
      assertThat(request.headers().getFirst("host")).isEqualTo("127.0.0.1:" + server.port());
      assertThat(request.headers().getFirst("content-length")).isEqualTo("7");
      assertThat(request.headers().getFirst("x-a-track-key")).isEqualTo(KEY);
      assertThat(request.headers().getFirst("user-agent")).isEqualTo("a-track-java/0.1.0-test");
    }
  }

  @Test
  void keepsBoundedPrefixOfHugeBody() throws Exception {
    int size = 5 * 1024 * 1024;
    try (TestHttpServer server = TestHttpServer.start(TestHttpServer.hugeBody(500, size))) {
      TransportResponse response = transport.send(post(server.uri("/event"), "{}"));

      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(response.body()).hasSize(TransportResponse.MAX_BODY_CHARS).matches("x+");
    }
  }

  @Test
  void returnsRedirectWithoutFollowingIt() throws Exception {
    try (TestHttpServer elsewhere = TestHttpServer.start(answer(200, ""));
        TestHttpServer server =
            TestHttpServer.start(answer(307, "", "Location", elsewhere.uri("/event").toString()))) {
      TransportResponse response = transport.send(post(server.uri("/event"), "{}"));

      assertThat(response.statusCode()).isEqualTo(307);
      assertThat(elsewhere.received()).isEmpty();
    }
  }

  @Test
  void timesOutWhenServerNeverAnswers() throws Exception {
    try (RawServer server =
        RawServer.start(
            (socket, index) -> {
              RawServer.readRequest(socket.getInputStream());
              RawServer.awaitEof(socket);
            })) {
      assertThatThrownBy(
              () -> transport.send(post(server.uri("/event"), "{}", Duration.ofMillis(200))))
          .isInstanceOf(HttpTimeoutException.class);
    }
  }

  @Test
  @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void returnsSuccessWithoutWaitingForBodyThatNeverEnds() throws Exception {
    try (RawServer server =
        RawServer.start(
            (socket, index) -> {
              RawServer.readRequest(socket.getInputStream());
              RawServer.write(socket, "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nstill");
              RawServer.awaitEof(socket); // no content-length, never closed
            })) {
      TransportResponse response =
          transport.send(post(server.uri("/event"), "{}", Duration.ofDays(1)));

      assertThat(response.statusCode()).isEqualTo(200);
      server.awaitFinished(1); // the connection was dropped
    }
  }

  @Test
  @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void givesUpOnSuccessBodyThatStallsBeforeItsLength() throws Exception {
    try (RawServer server =
        RawServer.start(
            (socket, index) -> {
              RawServer.readRequest(socket.getInputStream());
              RawServer.write(socket, "HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nten bytes.");
              RawServer.awaitEof(socket);
            })) {
      TransportResponse response =
          transport.send(post(server.uri("/event"), "{}", Duration.ofDays(1)));

      assertThat(response.statusCode()).isEqualTo(200);
      server.awaitFinished(1);
    }
  }
}
