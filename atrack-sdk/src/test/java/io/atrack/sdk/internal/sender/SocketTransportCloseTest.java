package io.atrack.sdk.internal.sender;

import static io.atrack.sdk.internal.sender.RawServer.readRequest;
import static io.atrack.sdk.internal.sender.Requests.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** close() cuts exchanges in flight, so a client's close() is bounded by its own timeout. */
@Timeout(10)
class SocketTransportCloseTest {

  @Test
  void closeAbortsAnExchangeWaitingForAnAnswer() throws Exception {
    CountDownLatch received = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (RawServer server =
            RawServer.start(
                (socket, index) -> {
                  readRequest(socket.getInputStream());
                  received.countDown();
                  release.await(); // never answers while the test runs
                });
        SocketTransport transport = SocketTransport.create()) {
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
      long start = System.nanoTime();

      transport.close();

      assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      release.countDown();
    }
  }
}
