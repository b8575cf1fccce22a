package io.atrack.sdk.delivery;

import static io.atrack.sdk.delivery.DeliveryClients.failureOf;
import static io.atrack.sdk.delivery.DeliveryClients.sdkThreads;
import static io.atrack.sdk.delivery.DeliveryClients.sdkThreadsStartedSince;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.ATrackException;
import io.atrack.sdk.ATrackRejectedException;
import io.atrack.sdk.EngineHooks;
import io.atrack.sdk.TrackRequest;
import io.atrack.testkit.FakeCollectorExtension;
import io.atrack.testkit.RecordedRequest;
import io.atrack.testkit.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A collector that is down or silent: nothing accepted is lost, and close() stays bounded. */
class CollectorOutageTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int USERS = 10;

  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  @Test
  @Timeout(60)
  void deliversEverythingAcceptedWhileTheCollectorWasDownInPerUserOrder() throws Exception {
    try (ATrack sdk =
        DeliveryClients.against(collector).retryPolicy(DeliveryClients.patientRetry()).build()) {
      SequencedCalls calls = new SequencedCalls(sdk);
      for (int u = 0; u < USERS; u++) {
        calls.init("user-" + u);
        calls.track("user-" + u);
        calls.track("user-" + u);
      }
      assertThat(sdk.flush()).succeedsWithin(WAIT);
      int beforeOutage = collector.requestCount();

      collector.stop();
      for (int u = 0; u < USERS; u++) {
        calls.track("user-" + u);
        calls.setAttributes("user-" + u);
        calls.track("user-" + u);
        calls.track("user-" + u);
      }
      // The collector stays down until the SDK has demonstrably failed and retried a lot.
      await().atMost(WAIT).until(() -> sdk.stats().retried() >= 500);
      for (int u = 0; u < USERS; u++) {
        calls.init("user-" + u);
        calls.track("user-" + u);
      }
      long retriedWhileDown = sdk.stats().retried();
      collector.restart();
      for (int u = 0; u < USERS; u++) {
        calls.track("user-" + u);
        calls.setAttributes("user-" + u);
      }

      assertThat(sdk.flush()).succeedsWithin(WAIT);
      for (SequencedCalls.Call c : calls.calls()) {
        assertThat(c.future()).as("%s %s seq %d", c.kind(), c.uuid(), c.seq()).isCompleted();
        assertThat(c.future().isCompletedExceptionally()).as("failed: %s", c).isFalse();
      }
      assertThat(collector.requestCount()).isGreaterThan(beforeOutage);
      assertThat(calls.check(collector.requests(), 10)).isEmpty();
      assertThat(sdk.stats().delivered()).isEqualTo(calls.calls().size());
      assertThat(sdk.stats().failed()).isZero();
      System.out.println(
          "Outage: "
              + calls.calls().size()
              + " calls, "
              + retriedWhileDown
              + " retries while the collector was down, all delivered in per-user order");
    }
  }

  @Test
  @Timeout(30)
  void retriesTimeoutsThenClosesWithinItsTimeoutFailingWhatIsLeftAndStoppingEveryThread()
      throws Exception {
    collector.defaultResponse(Response.noAnswer());
    Set<Thread> before = sdkThreads();
    ManualTime time = new ManualTime();
    ATrack sdk =
        EngineHooks.withTime(
                DeliveryClients.against(collector)
                    .requestTimeout(Duration.ofMillis(300))
                    .closeTimeout(Duration.ofSeconds(1))
                    .retryPolicy(DeliveryClients.patientRetry()),
                time)
            .build();
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (int u = 0; u < 3; u++) {
      futures.add(sdk.track(TrackRequest.builder("signup").uuid("user-" + u).build()));
    }

    // Two attempts of one eventId: the first timed out and was retried.
    time.awaitScheduled(1);
    time.runNext();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> maxAttemptsOfOneEvent(collector.requests("/event")) >= 2);
    assertThat(sdk.stats().retried()).isPositive();

    // close() waits for delivery on the engine's clock: not done a nanosecond before its
    // timeout (the collector never answers), done once the timeout has passed.
    CompletableFuture<Void> closing = CompletableFuture.runAsync(sdk::close, ShutdownTest::daemon);
    time.awaitWaiter();
    time.advance(Duration.ofSeconds(1).minusNanos(1));
    assertThat(closing).isNotDone();
    time.advance(Duration.ofNanos(1));
    assertThat(closing).succeedsWithin(Duration.ofSeconds(10));

    for (CompletableFuture<Void> f : futures) {
      Throwable failure = failureOf(f);
      assertThat(failure).isInstanceOf(ATrackRejectedException.class);
      assertThat(((ATrackRejectedException) failure).reason())
          .isEqualTo(ATrackRejectedException.Reason.CLOSE_TIMEOUT);
      assertThat(((ATrackException) failure).attempts()).isPositive();
    }
    await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(() -> assertThat(sdkThreadsStartedSince(before)).isEmpty());
  }

  /**
   * With a request timeout far longer than the close timeout, a delivery thread blocked reading an
   * answer that never comes must still end with close() (SPEC section 4: no thread left): the
   * transport's close() closes the connections in use, not only the idle ones.
   */
  @Test
  @Timeout(30)
  void closeEndsAnExchangeStillWaitingForAnAnswer() {
    collector.defaultResponse(Response.noAnswer());
    Set<Thread> before = sdkThreads();
    ATrack sdk =
        DeliveryClients.against(collector)
            .requestTimeout(Duration.ofSeconds(20))
            .closeTimeout(Duration.ofMillis(500))
            .build();
    CompletableFuture<Void> future = sdk.track(TrackRequest.builder("signup").uuid("u1").build());
    collector.awaitRequests("/event", 1, Duration.ofSeconds(10));

    // close() gives up waiting after its 500 ms and must then end the exchange itself, not wait
    // for the 20 s request timeout: @Timeout and the thread check below fail if it does not.
    sdk.close();

    assertThat(failureOf(future)).isInstanceOf(ATrackRejectedException.class);
    await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(() -> assertThat(sdkThreadsStartedSince(before)).isEmpty());
  }

  private static int maxAttemptsOfOneEvent(List<RecordedRequest> events) {
    Map<String, Long> perEventId =
        events.stream()
            .collect(Collectors.groupingBy(DeliveryClients::eventId, Collectors.counting()));
    return perEventId.values().stream().mapToInt(Long::intValue).max().orElse(0);
  }
}
