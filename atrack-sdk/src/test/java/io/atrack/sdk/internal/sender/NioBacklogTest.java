package io.atrack.sdk.internal.sender;

import static io.atrack.sdk.internal.sender.NioCalls.assertEachAnsweredWithItsOwnBody;
import static io.atrack.sdk.internal.sender.NioCalls.body;
import static io.atrack.sdk.internal.sender.NioCalls.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.transport.TransportResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Thousands of requests at once against a server with a round trip of 20 ms: one I/O thread carries
 * them all, within the transport's bounds, and each gets its own answer.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NioBacklogTest {

  @Test
  void carriesABacklogOnOneThreadWithinItsBounds() throws Exception {
    int count = 5_000;
    int maxInFlight = 200;
    int maxConnections = 8;
    Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
    try (LatencyServer server = new LatencyServer(20, TimeUnit.MILLISECONDS);
        NioTransport transport =
            NioTransport.builder()
                .maxInFlight(maxInFlight)
                .maxConnections(maxConnections)
                .threadName("backlog-io")
                .build()) {
      CountDownLatch halfAnswered = new CountDownLatch(count / 2);
      List<CompletableFuture<TransportResponse>> outcomes = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        CompletableFuture<TransportResponse> outcome =
            send(transport, server.uri("/event"), body(i));
        outcomes.add(outcome);
        @SuppressWarnings("FutureReturnValueIgnored") // counted only; the outcome is checked
        Object ignored = outcome.whenComplete((r, e) -> halfAnswered.countDown());
      }

      assertThat(halfAnswered.await(30, TimeUnit.SECONDS)).isTrue();
      // Halfway, with thousands still waiting: the only thread the client added is its I/O one.
      Set<Thread> added = new HashSet<>(Thread.getAllStackTraces().keySet());
      added.removeAll(before);
      added.removeIf(t -> t.getName().startsWith(LatencyServer.THREAD_PREFIX));
      assertThat(added).extracting(Thread::getName).containsExactly("backlog-io");
      assertThat(added).containsExactly(transport.ioThread());

      assertEachAnsweredWithItsOwnBody(outcomes);
      assertThat(server.accepted()).isLessThanOrEqualTo(maxConnections);
      assertThat(server.maxOutstanding())
          .as("requests in flight at once, as the server saw them")
          .isLessThanOrEqualTo(maxInFlight)
          .isGreaterThan(maxConnections); // pipelined: more than one per connection
    }
  }

  @Test
  void keepsToMaxConnectionsSetByHandWithAServerThatTakesRequestsOneAtATime() throws Exception {
    int count = 300;
    int maxConnections = 4;
    try (LatencyServer server = new LatencyServer(20, TimeUnit.MILLISECONDS, true);
        NioTransport transport = NioTransport.builder().maxConnections(maxConnections).build()) {
      // One at a time first: the transport measures the round trip on requests alone on their
      // connection, so that it can tell a server that queues pipelined requests.
      for (int i = 0; i < 16; i++) {
        assertThat(transport.send(Requests.post(server.uri("/event"), body(i))).body())
            .isEqualTo(body(i));
      }
      List<CompletableFuture<TransportResponse>> outcomes = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        outcomes.add(send(transport, server.uri("/event"), body(i)));
      }

      assertEachAnsweredWithItsOwnBody(outcomes);
      assertThat(server.accepted()).isLessThanOrEqualTo(maxConnections);
    }
  }
}
