package io.atrack.sdk.internal.sender;

import static io.atrack.sdk.internal.sender.RawServer.awaitEof;
import static io.atrack.sdk.internal.sender.RawServer.readRequest;
import static io.atrack.sdk.internal.sender.Requests.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.transport.Transport;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** close() cuts exchanges in flight, so a client's close() is bounded by its own timeout. */
@Timeout(10)
class SocketTransportCloseTest {

  /** The transport these tests run against; the {@code Nio…} subclass picks NIO. */
  TransportKind kind() {
    return TransportKind.SOCKET;
  }

  @Test
  void closeAbortsAnExchangeWaitingForAnAnswer() throws Exception {
    CountDownLatch received = new CountDownLatch(1);
    CountDownLatch cut = new CountDownLatch(1);
    try (RawServer server =
            RawServer.start(
                (socket, index) -> {
                  readRequest(socket.getInputStream());
                  received.countDown();
                  awaitEof(socket); // never answers: only the client closing ends this
                  cut.countDown();
                });
        Transport transport = kind().create()) {
      CompletableFuture<Object> outcome =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return transport.send(post(server.uri("/event"), "{}", Duration.ofSeconds(60)));
                } catch (IOException e) {
                  return e;
                }
              });
      assertThat(received.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(outcome).as("waiting for an answer that never comes").isNotDone();

      transport.close();

      // Hang guards only: the 60 s timeout cannot fire within the class's 10 s @Timeout, so the
      // exchange ended because close() cut its socket (the server saw it closed), not by timing
      // out.
      assertThat(cut.await(8, TimeUnit.SECONDS)).as("server saw the socket closed").isTrue();
      assertThat(outcome.get(8, TimeUnit.SECONDS))
          .isInstanceOf(IOException.class)
          .isNotInstanceOf(SocketTimeoutException.class);
    }
  }
}
