package io.atrack.sdk.internal.sender;

import static io.atrack.sdk.internal.sender.RawServer.OK;
import static io.atrack.sdk.internal.sender.RawServer.answerEach;
import static io.atrack.sdk.internal.sender.RawServer.awaitEof;
import static io.atrack.sdk.internal.sender.RawServer.readRequest;
import static io.atrack.sdk.internal.sender.RawServer.write;
import static io.atrack.sdk.internal.sender.Requests.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrack.sdk.transport.Transport;
import io.atrack.sdk.transport.TransportResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server or middlebox that answers what was not asked, or never stops answering. Every request
 * here has a one-day timeout, so only the transport's own bounds can end an exchange before the
 * class's {@code @Timeout} (in its own thread: a blocked socket read ignores interrupts; closing
 * the transport afterwards releases it).
 */
@Timeout(value = 15, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileServerTest {

  private static final Duration DAY = Duration.ofDays(1);

  final Transport transport = kind().create();

  /** The transport these tests run against; the {@code Nio…} subclass picks NIO. */
  TransportKind kind() {
    return TransportKind.SOCKET;
  }

  @AfterEach
  void closeTransport() {
    transport.close();
  }

  @Test
  void dropsPooledConnectionWithStrayAnswerInsteadOfTakingItForTheNextOne() throws Exception {
    // The first answer fills the client's read buffer exactly, so the stray 200 written with it
    // stays in the socket: unread, as if it had arrived while the connection was idle.
    String padding = "x".repeat(SocketInput.BUFFER_SIZE - headOf(0).length());
    String first = headOf(padding.length()) + padding;
    assertThat(first).hasSize(SocketInput.BUFFER_SIZE);
    Queue<String> read = new ConcurrentLinkedQueue<>();
    try (RawServer server =
        RawServer.start(
            (socket, index) -> {
              InputStream in = socket.getInputStream();
              if (index == 0) {
                read.add("0:" + body(readRequest(in)));
                write(socket, first + OK); // one answer, then one nobody asked for
                awaitEof(socket); // never reads the second request
              } else {
                answerEach(OK, request -> read.add(index + ":" + body(request))).run(socket, index);
              }
            })) {
      transport.send(post(server.uri("/event"), "{\"n\":1}", DAY));

      TransportResponse second = transport.send(post(server.uri("/event"), "{\"n\":2}", DAY));

      assertThat(second.statusCode()).isEqualTo(200);
      assertThat(read).as("the second request was read by a server").contains("1:{\"n\":2}");
      assertThat(server.accepted()).isEqualTo(2);
    }
  }

  @Test
  void returnsSuccessWithoutWaitingForBodyThatNeverEnds() throws Exception {
    try (RawServer server =
        RawServer.start(
            (socket, index) -> {
              readRequest(socket.getInputStream());
              write(socket, "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nstill going");
              awaitEof(socket); // no content-length, never closed
            })) {
      TransportResponse response = transport.send(post(server.uri("/event"), "{}", DAY));

      assertThat(response.statusCode()).isEqualTo(200);
      server.awaitFinished(1); // the client dropped the connection
    }
  }

  @Test
  void givesUpOnSuccessBodyThatStallsBeforeItsLength() throws Exception {
    try (RawServer server =
        RawServer.start(
            (socket, index) -> {
              readRequest(socket.getInputStream());
              write(socket, "HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nten bytes.");
              awaitEof(socket);
            })) {
      TransportResponse response = transport.send(post(server.uri("/event"), "{}", DAY));

      assertThat(response.statusCode()).isEqualTo(200);
      server.awaitFinished(1);
    }
  }

  @Test
  void failsOnEndlessInterimAnswers() throws Exception {
    AtomicLong written = new AtomicLong();
    try (RawServer server =
        RawServer.start(
            (socket, index) -> {
              readRequest(socket.getInputStream());
              byte[] interim = ascii("HTTP/1.1 100 Continue\r\n\r\n");
              OutputStream out = socket.getOutputStream();
              for (int i = 0; i < 10_000_000; i++) {
                out.write(interim);
                written.addAndGet(interim.length);
              }
              awaitEof(socket);
            })) {
      assertThatThrownBy(() -> transport.send(post(server.uri("/event"), "{}", DAY)))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("interim");
      server.awaitFinished(1);
      assertThat(written.get()).as("bytes the server got to write").isLessThan(64L << 20);
    }
  }

  @Test
  void boundsChunkExtensionsWithTheBody() throws Exception {
    AtomicLong written = new AtomicLong();
    try (RawServer server =
        RawServer.start(
            (socket, index) -> {
              readRequest(socket.getInputStream());
              OutputStream out = socket.getOutputStream();
              out.write(ascii("HTTP/1.1 500 Oops\r\ntransfer-encoding: chunked\r\n\r\n"));
              // One data byte per chunk behind 60 KB of extension: the data alone never adds up.
              byte[] chunk = ascii("1;" + "x".repeat(60_000) + "\r\na\r\n");
              for (int i = 0; i < 20_000; i++) {
                out.write(chunk);
                written.addAndGet(chunk.length);
              }
              out.write(ascii("0\r\n\r\n"));
              awaitEof(socket);
            })) {
      TransportResponse response = transport.send(post(server.uri("/event"), "{}", DAY));

      assertThat(response.statusCode()).isEqualTo(500);
      server.awaitFinished(1);
      assertThat(written.get()).as("bytes the server got to write").isLessThan(64L << 20);
    }
  }

  /** The SOCKS5 handshake, then an HTTP answer in the same write as the CONNECT reply. */
  private static String headOf(int length) {
    return "HTTP/1.1 200 OK\r\ncontent-length: " + String.format("%05d", length) + "\r\n\r\n";
  }

  private static String body(String request) {
    return request.substring(request.indexOf("\r\n\r\n") + 4);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
