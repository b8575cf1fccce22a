package io.atrack.sdk.internal.sender;

import static io.atrack.sdk.internal.sender.NioCalls.body;
import static io.atrack.sdk.internal.sender.NioCalls.bodyOf;
import static io.atrack.sdk.internal.sender.NioCalls.echo;
import static io.atrack.sdk.internal.sender.NioCalls.echoEach;
import static io.atrack.sdk.internal.sender.RawServer.OK;
import static io.atrack.sdk.internal.sender.RawServer.awaitEof;
import static io.atrack.sdk.internal.sender.RawServer.readRequest;
import static io.atrack.sdk.internal.sender.RawServer.write;
import static io.atrack.sdk.internal.sender.Requests.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.atrack.sdk.transport.TransportResponse;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link HostileServerTest} against {@link NioTransport}, and hostile servers only it meets. */
class NioHostileServerTest extends HostileServerTest {

  private static final Duration DAY = Duration.ofDays(1);

  @Override
  TransportKind kind() {
    return TransportKind.NIO;
  }

  @Test
  void dropsConnectionWhoseStrayAnswerCameInTheSameReadAsTheRealOne() throws Exception {
    // Both answers in one small write: one read takes both into the buffer, so the stray one is
    // not in the socket any more, where select() would see it.
    Queue<String> read = new ConcurrentLinkedQueue<>();
    try (RawServer server =
        RawServer.start(
            (socket, index) -> {
              InputStream in = new BufferedInputStream(socket.getInputStream());
              if (index == 0) {
                String body = bodyOf(readRequest(in));
                read.add("0:" + body);
                write(socket, echo(body) + echo("{\"stray\":true}"));
                awaitEof(socket);
              } else {
                echoEach(body -> read.add(index + ":" + body)).run(socket, index);
              }
            })) {
      assertThat(transport.send(post(server.uri("/event"), body(1), DAY)).body())
          .isEqualTo(body(1));

      TransportResponse second = transport.send(post(server.uri("/event"), body(2), DAY));

      assertThat(second.body()).isEqualTo(body(2));
      assertThat(read).containsExactly("0:" + body(1), "1:" + body(2));
    }
  }

  @Test
  void dropsAnIdleConnectionTheServerClosedBeforeTheNextRequest() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    try (RawServer server =
            RawServer.start(
                (socket, index) -> {
                  readRequest(socket.getInputStream());
                  requests.incrementAndGet();
                  write(socket, OK); // keep-alive answer, then closed while idle
                });
        NioTransport nio = NioTransport.create()) {
      nio.send(post(server.uri("/event"), "{}"));
      server.awaitFinished(1);
      // The I/O thread sees the close on the idle connection by itself.
      await().atMost(Duration.ofSeconds(5)).until(() -> nio.connections() == 0);

      assertThat(nio.send(post(server.uri("/event"), "{}")).body()).isEqualTo("ok");
      assertThat(server.accepted()).isEqualTo(2);
      assertThat(requests).as("nothing sent twice").hasValue(2);
    }
  }

  @Test
  void failsOnHeadLongerThanItsBound() throws Exception {
    AtomicLong written = new AtomicLong();
    try (RawServer server =
        RawServer.start(
            (socket, index) -> {
              readRequest(socket.getInputStream());
              OutputStream out = socket.getOutputStream();
              out.write(ascii("HTTP/1.1 200 OK\r\n"));
              byte[] header = ascii("x-filler: " + "f".repeat(1000) + "\r\n");
              for (int i = 0; i < 100_000; i++) {
                out.write(header);
                written.addAndGet(header.length);
              }
              awaitEof(socket);
            })) {
      assertThatThrownBy(() -> transport.send(post(server.uri("/event"), "{}", DAY)))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("head");
      server.awaitFinished(1);
      assertThat(written.get()).as("bytes the server got to write").isLessThan(64L << 20);
    }
  }

  @Test
  void parsesAnAnswerThatTricklesInAByteAtATime() throws Exception {
    // One byte per segment, past the cheap attempts: the parse is put off until the buffered bytes
    // double, and the last bytes come before they do. The answer must still be parsed.
    try (RawServer server =
        RawServer.start(
            (socket, index) -> {
              socket.setTcpNoDelay(true);
              InputStream in = new BufferedInputStream(socket.getInputStream());
              byte[] answer = ascii(echo(bodyOf(readRequest(in)), "x-pad: " + "p".repeat(3000)));
              OutputStream out = socket.getOutputStream();
              for (byte b : answer) {
                out.write(b);
                out.flush();
              }
              echoEach(body -> {}).run(socket, index);
            })) {
      assertThat(transport.send(post(server.uri("/event"), body(7), DAY)).body())
          .isEqualTo(body(7));
      assertThat(transport.send(post(server.uri("/event"), body(8), DAY)).body())
          .as("and the connection stays usable")
          .isEqualTo(body(8));
      assertThat(server.accepted()).isEqualTo(1);
    }
  }

  @Test
  void failsInsteadOfConnectingForeverToServerThatClosesEveryConnectionAtOnce() throws Exception {
    try (RawServer server = RawServer.start((socket, index) -> {})) {
      assertThatThrownBy(() -> transport.send(post(server.uri("/event"), "{}", DAY)))
          .isInstanceOf(IOException.class);
      assertThat(server.accepted()).isLessThanOrEqualTo(RoutePool.MAX_CONNECTING + 1);
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
