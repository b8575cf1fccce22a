package io.atrack.sdk.delivery;

import static io.atrack.sdk.delivery.DeliveryClients.failureNow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.ATrackRejectedException;
import io.atrack.sdk.EngineHooks;
import io.atrack.sdk.QueueFullPolicy;
import io.atrack.sdk.Stats;
import io.atrack.sdk.TrackRequest;
import io.atrack.testkit.FakeCollectorExtension;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stalled API fills the bounded queue; what does not fit is rejected or waits, never piles up.
 */
class QueueBoundTest {
  private static final int MAX_QUEUE_SIZE = 1_000;
  private static final long MAX_QUEUE_BYTES = 4L * 1024 * 1024;
  private static final long HEAP_MARGIN = 16L * 1024 * 1024;
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  @Test
  @Timeout(120)
  void rejectsWhatDoesNotFitAtOnceAndKeepsTheHeapBounded() throws Exception {
    floodAStalledCollector(100_000);
  }

  @Test
  @Tag("soak")
  @Timeout(600)
  void rejectsAMillionCallsThatDoNotFitWithTheHeapBounded() throws Exception {
    floodAStalledCollector(1_000_000);
  }

  @Test
  @Timeout(30)
  void blockingPolicyMakesTheCallerWaitUntilRoomFrees() throws Exception {
    collector.stall();
    try (ATrack sdk =
        DeliveryClients.against(collector)
            .maxQueueSize(3)
            .queueFullPolicy(QueueFullPolicy.BLOCK)
            .blockTimeout(Duration.ofSeconds(20))
            .build()) {
      List<CompletableFuture<Void>> first = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        first.add(sdk.track(event("user-" + i)));
      }
      CompletableFuture<CompletableFuture<Void>> blockedCall = new CompletableFuture<>();
      Thread caller =
          new Thread(() -> blockedCall.complete(sdk.track(event("user-3"))), "blocked-caller");
      caller.start();

      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  blockedCall.isDone()
                      || caller.getState() == Thread.State.TIMED_WAITING
                      || caller.getState() == Thread.State.WAITING);
      assertThat(blockedCall).as("the call returned although the queue is full").isNotDone();
      assertThat(sdk.stats().enqueued()).isEqualTo(3);

      collector.resume();
      CompletableFuture<Void> future = blockedCall.get(10, TimeUnit.SECONDS);
      assertThat(future).succeedsWithin(WAIT);
      for (CompletableFuture<Void> f : first) {
        assertThat(f).succeedsWithin(WAIT);
      }
      assertThat(collector.requests("/event")).hasSize(4);
      assertThat(sdk.stats().rejected()).isZero();
    }
  }

  @Test
  @Timeout(30)
  void blockingPolicyRejectsAfterTheBlockTimeout() throws Exception {
    collector.stall();
    ManualTime time = new ManualTime();
    try (ATrack sdk =
        EngineHooks.withTime(
                DeliveryClients.against(collector)
                    .maxQueueSize(2)
                    .queueFullPolicy(QueueFullPolicy.BLOCK)
                    .blockTimeout(Duration.ofMillis(300))
                    .closeTimeout(Duration.ZERO),
                time)
            .build()) {
      var unused0 = sdk.track(event("user-0"));
      var unused1 = sdk.track(event("user-1"));

      // The caller waits on the engine's clock: still waiting just before the block timeout,
      // rejected once it has passed.
      CompletableFuture<CompletableFuture<Void>> blockedCall = new CompletableFuture<>();
      Thread caller =
          new Thread(() -> blockedCall.complete(sdk.track(event("user-2"))), "blocked-caller");
      caller.setDaemon(true);
      caller.start();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  blockedCall.isDone()
                      || caller.getState() == Thread.State.TIMED_WAITING
                      || caller.getState() == Thread.State.WAITING);
      time.advance(Duration.ofMillis(300).minusNanos(1));
      assertThat(blockedCall).as("rejected before blockTimeout passed").isNotDone();
      time.advance(Duration.ofNanos(1));
      CompletableFuture<Void> future = blockedCall.get(10, TimeUnit.SECONDS);
      Throwable failure = failureNow(future);
      assertThat(failure).isInstanceOf(ATrackRejectedException.class);
      assertThat(((ATrackRejectedException) failure).reason())
          .isEqualTo(ATrackRejectedException.Reason.QUEUE_FULL);
      assertThat(sdk.stats().rejected()).isEqualTo(1);
      assertThat(sdk.stats().enqueued()).isEqualTo(2);
    }
  }

  private void floodAStalledCollector(int submitted) throws Exception {
    collector.stall();
    String padding = "p".repeat(1_000);
    try (ATrack sdk =
        DeliveryClients.against(collector)
            .maxQueueSize(MAX_QUEUE_SIZE)
            .maxQueueBytes(MAX_QUEUE_BYTES)
            .requestTimeout(Duration.ofMinutes(5))
            .build()) {
      // The threads start with the first call; the baseline is taken once they run.
      CompletableFuture<Void> warmUp = sdk.track(event("warm-up"));
      collector.resume();
      assertThat(warmUp).succeedsWithin(WAIT);
      collector.stall();
      long before = usedHeapAfterGc();

      List<CompletableFuture<Void>> accepted = new ArrayList<>();
      long rejectedAtOnce = 0;
      long start = System.nanoTime();
      for (int i = 0; i < submitted; i++) {
        CompletableFuture<Void> f =
            sdk.track(
                TrackRequest.builder("page_view")
                    .uuid("user-" + i % 500)
                    .attributes(Map.of("i", i, "padding", padding))
                    .build());
        if (f.isDone()) {
          // Rejected futures are checked and dropped here, so the test itself holds no garbage.
          Throwable failure = failureNow(f);
          assertThat(failure).isInstanceOf(ATrackRejectedException.class);
          assertThat(((ATrackRejectedException) failure).reason())
              .isEqualTo(ATrackRejectedException.Reason.QUEUE_FULL);
          rejectedAtOnce++;
        } else {
          accepted.add(f);
        }
      }
      long calls = System.nanoTime() - start;
      long after = usedHeapAfterGc();
      Stats stats = sdk.stats();

      long growth = after - before;
      System.out.printf(
          "Queue full: %d calls in %d ms (%.2f us/call); accepted %d, rejected %d; heap used"
              + " %.1f MiB before, %.1f MiB after, growth %.1f MiB (bound: maxQueueBytes %.0f MiB"
              + " + %.0f MiB margin)%n",
          submitted,
          TimeUnit.NANOSECONDS.toMillis(calls),
          calls / 1e3 / submitted,
          accepted.size(),
          rejectedAtOnce,
          mib(before),
          mib(after),
          mib(growth),
          mib(MAX_QUEUE_BYTES),
          mib(HEAP_MARGIN));
      assertThat(accepted).hasSizeLessThanOrEqualTo(MAX_QUEUE_SIZE).isNotEmpty();
      assertThat(stats.enqueued() - 1).isEqualTo(accepted.size());
      assertThat(stats.rejected()).isEqualTo(rejectedAtOnce);
      assertThat(stats.enqueued() - 1 + stats.rejected()).isEqualTo(submitted);
      // The bound is on what the SDK holds, which it counts exactly; the heap figure above is
      // printed for the operator, not asserted: GC timing on a shared machine is not ours.
      long held = EngineHooks.queuedBytes(sdk);
      assertThat(held).isLessThanOrEqualTo(MAX_QUEUE_BYTES);
      assertThat(held).isGreaterThanOrEqualTo(accepted.size() * (padding.length() + 256L));
      assertThat(stats.queued() + stats.inFlight()).isEqualTo(accepted.size());

      collector.resume();
      assertThat(sdk.flush()).succeedsWithin(WAIT);
      for (CompletableFuture<Void> f : accepted) {
        assertThat(f).isCompleted();
        assertThat(f.isCompletedExceptionally()).isFalse();
      }
    }
  }

  private static TrackRequest event(String uuid) {
    return TrackRequest.builder("page_view").uuid(uuid).build();
  }

  private static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
