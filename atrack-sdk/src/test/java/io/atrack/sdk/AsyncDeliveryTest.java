package io.atrack.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.testkit.FakeCollector;
import io.atrack.testkit.RecordedRequest;
import io.atrack.testkit.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The delivery engine over the built-in non-blocking transport: requests in flight hold no thread,
 * concurrency follows the backlog, callbacks never run on (or stall) the I/O thread.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AsyncDeliveryTest {

  @Test
  void aBacklogOfThousandsGoesOutOnFewThreadsAndMoreConnections() throws Exception {
    try (FakeCollector collector = FakeCollector.start()) {
      collector.keepRequests(true);
      collector.defaultResponse(Response.status(200).delay(Duration.ofMillis(50)));
      ATrack sdk = TestClients.against(collector).build();
      try {
        int n = 3_000;
        List<CompletableFuture<?>> calls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          calls.add(track(sdk, "backlog", Map.of("i", i), "user-" + (i % 500)));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(50, TimeUnit.SECONDS);

        List<RecordedRequest> got = collector.requests("/event");
        Set<String> ids =
            got.stream()
                .map(r -> String.valueOf(r.body().get("eventId")))
                .collect(Collectors.toSet());
        assertThat(ids).hasSize(n); // each event arrived, none lost (resends carry the same id)
        // Threads are started on demand and live until close(): what is alive now is the most
        // there ever were. Two delivery threads beside one I/O thread, whatever was in flight.
        List<String> names = sdk.threads().stream().map(Thread::getName).toList();
        assertThat(names)
            .hasSizeLessThanOrEqualTo(4); // a third delivery thread only if one blocked
        assertThat(names.stream().filter(s -> s.startsWith("atrack-io-"))).hasSize(1);
        assertThat(sdk.threads()).allMatch(Thread::isDaemon);
        // A backlog behind a 50 ms answer grows the connections past the first few (the bound on
        // those open at once is NioBacklogTest's: this count includes reopened ones).
        assertThat(collector.connectionsOpened()).isGreaterThan(4);
      } finally {
        sdk.close();
      }
      assertThat(sdk.threads()).isEmpty();
    }
  }

  @Test
  void aServerTakingPipelinedRequestsOneAtATimeGetsMoreConnectionsInstead() throws Exception {
    // The JDK's HttpServer (the fake collector) reads a connection's next request only after
    // answering the previous one, as many proxies do: pipelining there only queues.
    // Past 64 connections only a server taken as serial gets more (up to 512); an overlapping
    // one gets deeper pipelines instead.
    try (FakeCollector collector = FakeCollector.start()) {
      collector.defaultResponse(Response.status(200).delay(Duration.ofMillis(50)));
      try (ATrack sdk = TestClients.against(collector).build()) {
        // A backlog: the limit outgrows 64 connections, pipelined answers come a service time
        // apart, and then one request per connection goes on more of them.
        sendAll(sdk, 3_000, "backlog");
        assertThat(collector.connectionsOpened()).isGreaterThan(64);
      }
      assertThat(collector.requestCount()).isEqualTo(3_000);
    }
  }

  private static void sendAll(ATrack sdk, int n, String event) throws Exception {
    List<CompletableFuture<?>> calls = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      calls.add(track(sdk, event, Map.of("i", i), "user-" + i));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(50, TimeUnit.SECONDS);
  }

  @Test
  void oneRequestAtATimeKeepsOneConnection() throws Exception {
    try (FakeCollector collector = FakeCollector.start()) {
      collector.defaultResponse(Response.status(200).delay(Duration.ofMillis(5)));
      try (ATrack sdk = TestClients.against(collector).build()) {
        for (int i = 0; i < 30; i++) {
          track(sdk, "one-by-one", Map.of("i", i), "u").get(10, TimeUnit.SECONDS);
        }
      }
      assertThat(collector.requestCount()).isEqualTo(30);
      assertThat(collector.connectionsOpened()).isEqualTo(1);
    }
  }

  /**
   * Two delivery threads suffice while nothing blocks; a callback (or a state change's storage
   * work) that blocks them is made up for by another thread, so the others' deliveries go on.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void callbacksThatBlockStallNeitherTheIoThreadNorOtherDeliveries(int blocked) throws Exception {
    try (FakeCollector collector = FakeCollector.start()) {
      ATrack sdk = TestClients.against(collector).build();
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch blocking = new CountDownLatch(blocked);
      List<CompletableFuture<Void>> stuck = new ArrayList<>();
      try {
        collector.stall(); // so that the callbacks are attached before the answers come
        for (int i = 0; i < blocked; i++) {
          stuck.add(
              track(sdk, "first", Map.of(), "slow-callback-" + i)
                  .thenRun(
                      () -> {
                        blocking.countDown();
                        awaitQuietly(release);
                      }));
        }
        collector.resume();
        assertThat(blocking.await(20, TimeUnit.SECONDS)).isTrue(); // each on its own thread

        List<CompletableFuture<?>> others = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          others.add(track(sdk, "other", Map.of("i", i), "user-" + i));
        }
        CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(collector.requests("/event")).hasSize(blocked + 200);
        assertThat(stuck).noneMatch(CompletableFuture::isDone);
      } finally {
        release.countDown();
        sdk.close();
      }
    }
  }

  private static CompletableFuture<Void> track(
      ATrack sdk, String event, Map<String, ?> attributes, String uuid) {
    return sdk.track(TrackRequest.builder(event).uuid(uuid).attributes(attributes).build());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
