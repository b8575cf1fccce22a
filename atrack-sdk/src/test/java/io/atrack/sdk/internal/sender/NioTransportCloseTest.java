package io.atrack.sdk.internal.sender;

import static io.atrack.sdk.internal.sender.NioCalls.body;
import static io.atrack.sdk.internal.sender.NioCalls.echoEach;
import static io.atrack.sdk.internal.sender.NioCalls.failureOf;
import static io.atrack.sdk.internal.sender.NioCalls.send;
import static io.atrack.sdk.internal.sender.RawServer.awaitEof;
import static io.atrack.sdk.internal.sender.RawServer.readRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrack.sdk.transport.TransportResponse;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link SocketTransportCloseTest} against {@link NioTransport}; its close with requests written
 * and waiting, close from its own thread, and callbacks that throw.
 */
class NioTransportCloseTest extends SocketTransportCloseTest {

  @Override
  TransportKind kind() {
    return TransportKind.NIO;
  }

  /** Reads {@code expected} requests on one connection, signals, never answers. */
  private static RawServer silentAfter(int expected, CountDownLatch read) throws IOException {
    return RawServer.start(
        (socket, index) -> {
          InputStream in = new BufferedInputStream(socket.getInputStream());
          for (int i = 0; i < expected; i++) {
            readRequest(in);
          }
          read.countDown();
          awaitEof(socket);
        });
  }

  @Test
  void closeFailsWrittenAndWaitingRequestsEndsItsThreadAndRefusesMore() throws Exception {
    CountDownLatch read = new CountDownLatch(1);
    try (RawServer server = silentAfter(2, read)) {
      NioTransport transport = NioTransport.builder().maxConnections(1).maxInFlight(2).build();
      List<CompletableFuture<TransportResponse>> outcomes = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        outcomes.add(send(transport, server.uri("/event"), body(i), Duration.ofSeconds(60)));
      }
      assertThat(read.await(10, TimeUnit.SECONDS)).as("two written, eight waiting").isTrue();
      Thread io = transport.ioThread();
      assertThat(io).isNotNull();

      transport.close();

      for (CompletableFuture<TransportResponse> outcome : outcomes) {
        assertThat(failureOf(outcome))
            .isInstanceOf(IOException.class)
            .isNotInstanceOf(SocketTimeoutException.class)
            .hasMessageContaining("closed");
      }
      io.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(io.isAlive()).isFalse();
      server.awaitFinished(1);
      assertThatThrownBy(
              () -> transport.sendAsync(Requests.post(server.uri("/e"), "{}"), (r, e) -> {}))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> transport.send(Requests.post(server.uri("/e"), "{}")))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void closeBeforeAnyRequestNeedsNoThreadAndRefusesRequests() {
    NioTransport transport = NioTransport.create();
    transport.close();
    transport.close();

    assertThat(transport.ioThread()).isNull();
    assertThatThrownBy(
            () ->
                transport.sendAsync(
                    Requests.post(URI.create("http://127.0.0.1:1/e"), "{}"), (r, e) -> {}))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closeFromInsideACallbackEndsTheTransportWithoutDeadlock() throws Exception {
    CountDownLatch read = new CountDownLatch(1);
    try (RawServer server =
        RawServer.start(
            (socket, index) -> {
              InputStream in = new BufferedInputStream(socket.getInputStream());
              RawServer.write(socket, NioCalls.echo(NioCalls.bodyOf(readRequest(in))));
              readRequest(in);
              read.countDown();
              awaitEof(socket); // the second is never answered
            })) {
      NioTransport transport = NioTransport.builder().maxConnections(1).build();
      CompletableFuture<Void> closedInside = new CompletableFuture<>();
      transport.sendAsync(
          Requests.post(server.uri("/event"), body(0)),
          (response, failure) -> {
            transport.close(); // on the I/O thread: must not wait for itself
            closedInside.complete(null);
          });
      CompletableFuture<TransportResponse> second = send(transport, server.uri("/event"), body(1));

      closedInside.get(10, TimeUnit.SECONDS);
      assertThat(failureOf(second)).isInstanceOf(IOException.class);
      Thread io = transport.ioThread();
      assertThat(io).isNotNull();
      io.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(io.isAlive()).isFalse();
    }
  }

  @Test
  void callbacksThatThrowDoNotStopTheLoop() throws Exception {
    try (RawServer server = RawServer.start(echoEach(body -> {}));
        NioTransport transport = NioTransport.create()) {
      CountDownLatch thrown = new CountDownLatch(2);
      transport.sendAsync(
          Requests.post(server.uri("/event"), body(0)),
          (response, failure) -> {
            thrown.countDown();
            throw new IllegalStateException("a callback's bug");
          });
      transport.sendAsync(
          Requests.post(server.uri("/event"), body(1)),
          (response, failure) -> {
            thrown.countDown();
            throw new AssertionError("a test's failed assertion");
          });
      assertThat(thrown.await(10, TimeUnit.SECONDS)).isTrue();

      assertThat(send(transport, server.uri("/event"), body(2)).get(10, TimeUnit.SECONDS).body())
          .isEqualTo(body(2));
      assertThat(transport.ioThread()).isNotNull().matches(Thread::isAlive);
    }
  }

  @Test
  void unknownHostFailsOnTheIoThreadNotInsideSendAsync() throws Exception {
    try (NioTransport transport = NioTransport.create()) {
      AtomicReference<Thread> calledOn = new AtomicReference<>();
      CompletableFuture<IOException> failed = new CompletableFuture<>();
      transport.sendAsync(
          Requests.post(URI.create("http://no-such-host.invalid/event"), "{}"),
          (response, failure) -> {
            calledOn.set(Thread.currentThread());
            failed.complete(failure);
          });

      assertThat(failed.get(20, TimeUnit.SECONDS))
          .isInstanceOf(java.net.UnknownHostException.class);
      assertThat(calledOn.get()).isNotSameAs(Thread.currentThread()).isSameAs(transport.ioThread());
    }
  }
}
