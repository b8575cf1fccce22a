package io.atrack.sdk.internal.sender;

import static io.atrack.sdk.internal.sender.RawServer.OK;
import static io.atrack.sdk.internal.sender.RawServer.answerEach;
import static io.atrack.sdk.internal.sender.RawServer.awaitEof;
import static io.atrack.sdk.internal.sender.RawServer.readRequest;
import static io.atrack.sdk.internal.sender.RawServer.write;
import static io.atrack.sdk.internal.sender.Requests.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.atrack.sdk.transport.Transport;
import io.atrack.sdk.transport.TransportRequest;
import io.atrack.sdk.transport.TransportResponse;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Timeouts come from the watchdog thread closing sockets, not from {@code SO_TIMEOUT}. */
@Timeout(10)
class SocketTransportTimeoutTest {

  /** The transport these tests run against; the {@code Nio…} subclass picks NIO. */
  TransportKind kind() {
    return TransportKind.SOCKET;
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Test
  void timesOutConnectWhenServerNeverAccepts() throws Exception {
    List<Socket> fillers = new ArrayList<>();
    try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Transport transport = kind().with().connectTimeout(Duration.ofMillis(200)).build()) {
      // Fill the accept queue until the kernel drops SYNs: later connects then hang.
      boolean hangs = false;
      for (int i = 0; i < 16 && !hangs; i++) {
        Socket filler = new Socket();
        fillers.add(filler);
        try {
          filler.connect(full.getLocalSocketAddress(), 100);
        } catch (SocketTimeoutException e) {
          hangs = true;
        }
      }
      assumeTrue(hangs, "this platform never leaves a connect hanging");
      URI uri = URI.create("http://127.0.0.1:" + full.getLocalPort() + "/event");
      long start = System.nanoTime();

      assertThatThrownBy(() -> transport.send(post(uri, "{}")))
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessageContaining("Connect to 127.0.0.1:" + full.getLocalPort() + " timed out");
      // Not early (the watchdog's clock is real); the class's @Timeout guards against a hang.
      assertThat(since(start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
    } finally {
      for (Socket filler : fillers) {
        filler.close();
      }
    }
  }

  @Test
  void timesOutTlsHandshakeWithinConnectTimeout() throws Exception {
    try (RawServer silent =
            RawServer.start(
                (socket, index) -> {
                  awaitEof(socket); // accepts TCP, never answers the ClientHello
                });
        Transport transport =
            kind()
                .with()
                .connectTimeout(Duration.ofMillis(200))
                .tls(SelfSignedTls.load().client)
                .build()) {
      URI uri = URI.create("https://localhost:" + silent.port() + "/event");
      long start = System.nanoTime();

      assertThatThrownBy(() -> transport.send(post(uri, "{}")))
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessageContaining("TLS handshake with localhost:" + silent.port());
      // Not early (the watchdog's clock is real); the class's @Timeout guards against a hang.
      assertThat(since(start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
      silent.awaitFinished(1);
    }
  }

  @Test
  void firesShortDeadlineOnTimeWhileLongerOneIsPending() throws Exception {
    CountDownLatch firstRead = new CountDownLatch(1);
    CountDownLatch answerFirst = new CountDownLatch(1);
    try (RawServer server =
            RawServer.start(
                (socket, index) -> {
                  readRequest(socket.getInputStream());
                  if (index == 0) {
                    firstRead.countDown();
                    answerFirst.await(5, TimeUnit.SECONDS);
                    write(socket, OK);
                  }
                  awaitEof(socket);
                });
        Transport transport = kind().create()) {
      CompletableFuture<TransportResponse> slow =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return transport.send(post(server.uri("/event"), "{}", Duration.ofSeconds(5)));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      assertThat(firstRead.await(2, TimeUnit.SECONDS)).isTrue();
      TransportRequest quick = post(server.uri("/event"), "{}", Duration.ofMillis(200));
      long start = System.nanoTime();

      assertThatThrownBy(() -> transport.send(quick)).isInstanceOf(SocketTimeoutException.class);
      // Not early (the watchdog's clock is real); the class's @Timeout guards against a hang.
      assertThat(since(start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
      answerFirst.countDown();
      assertThat(slow.get(5, TimeUnit.SECONDS).body()).isEqualTo("ok");
    }
  }

  @Test
  void boundsWriteToServerThatNeverReads() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    try (RawServer server = RawServer.start((socket, index) -> done.await(5, TimeUnit.SECONDS));
        Transport transport = kind().create()) {
      TransportRequest huge =
          TransportRequest.of(
              server.uri("/event"),
              Requests.HEADERS,
              new byte[16 * 1024 * 1024], // far past loopback socket buffers (a few MiB)
              Duration.ofMillis(300));
      long start = System.nanoTime();

      // The write blocks on full socket buffers: only the watchdog's deadline can end it.
      assertThatThrownBy(() -> transport.send(huge))
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessageContaining("within 300 ms");
      assertThat(since(start)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
      done.countDown();
    }
  }

  @Test
  void keepsServingAfterTimeoutOnNewConnection() throws Exception {
    try (RawServer server =
            RawServer.start(
                (socket, index) -> {
                  if (index == 0) {
                    readRequest(socket.getInputStream());
                    awaitEof(socket);
                  } else {
                    answerEach(OK).run(socket, index);
                  }
                });
        Transport transport = kind().create()) {
      assertThatThrownBy(
              () -> transport.send(post(server.uri("/event"), "{}", Duration.ofMillis(100))))
          .isInstanceOf(SocketTimeoutException.class);

      assertThat(transport.send(post(server.uri("/event"), "{}")).body()).isEqualTo("ok");
      assertThat(server.accepted()).isEqualTo(2);
    }
  }
}
