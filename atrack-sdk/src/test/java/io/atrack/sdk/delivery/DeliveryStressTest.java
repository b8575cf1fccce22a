package io.atrack.sdk.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.QueueFullPolicy;
import io.atrack.sdk.Stats;
import io.atrack.sdk.TrackRequest;
import io.atrack.testkit.FakeCollectorExtension;
import io.atrack.testkit.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many threads, many users, random transient faults: nothing accepted is lost or duplicated, and
 * every user's order holds. The full sizes run with {@code -Psoak}.
 */
class DeliveryStressTest {
  private static final int THREADS = 8;
  private static final int USERS = 1_000;

  /** How many of one user's events must be in flight at once (the default allows 32). */
  private static final int PARALLEL = 8;

  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  @Test
  @Timeout(120)
  void deliversEveryCallInPerUserOrderDespiteRandomFaults() throws Exception {
    stress(3_000);
  }

  @Test
  @Tag("soak")
  @Timeout(900)
  void deliversTwoHundredThousandCallsInPerUserOrderDespiteRandomFaults() throws Exception {
    stress(25_000);
  }

  @Test
  @Timeout(60)
  void sendsOneBusyUsersEventsInParallelNotOnePerRoundTrip() throws Exception {
    oneBusyUser(2_000);
  }

  @Test
  @Tag("soak")
  @Timeout(300)
  void sendsTwentyThousandEventsOfOneUserInParallel() throws Exception {
    oneBusyUser(20_000);
  }

  private void stress(int callsPerThread) throws Exception {
    AtomicLong faults = new AtomicLong();
    collector.respondWith(
        r -> {
          int roll = ThreadLocalRandom.current().nextInt(1_000);
          if (roll < 20) {
            faults.incrementAndGet();
            return Response.status(503);
          } else if (roll < 25) {
            faults.incrementAndGet();
            return Response.dropConnection();
          }
          return Response.ok();
        });
    try (ATrack sdk =
        DeliveryClients.against(collector)
            .retryPolicy(DeliveryClients.patientRetry())
            // Callers slow down rather than lose calls: the test wants every call accepted.
            .queueFullPolicy(QueueFullPolicy.BLOCK)
            .blockTimeout(Duration.ofMinutes(5))
            .build()) {
      SequencedCalls calls = new SequencedCalls(sdk);
      long start = System.nanoTime();
      List<CompletableFuture<Void>> callers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        // Each user belongs to one caller thread, so its seq numbers follow its call order.
        callers.add(
            CompletableFuture.runAsync(
                () -> {
                  ThreadLocalRandom random = ThreadLocalRandom.current();
                  for (int i = 0; i < callsPerThread; i++) {
                    String uuid = "user-" + (random.nextInt(USERS / THREADS) * THREADS + thread);
                    int roll = random.nextInt(100);
                    if (roll < 3) {
                      calls.setAttributes(uuid);
                    } else if (roll < 5) {
                      calls.init(uuid);
                    } else {
                      calls.track(uuid);
                    }
                  }
                },
                runnable -> new Thread(runnable, "stress-caller-" + thread).start()));
      }
      CompletableFuture.allOf(callers.toArray(new CompletableFuture<?>[0]))
          .get(5, TimeUnit.MINUTES);
      long called = System.nanoTime();
      assertThat(sdk.flush()).succeedsWithin(Duration.ofMinutes(5));
      long flushed = System.nanoTime();

      List<SequencedCalls.Call> made = calls.calls();
      int total = THREADS * callsPerThread;
      assertThat(made).hasSize(total);
      long failedFutures =
          made.stream()
              .filter(c -> !c.future().isDone() || c.future().isCompletedExceptionally())
              .count();
      assertThat(failedFutures).as("calls whose future did not complete normally").isZero();
      Stats stats = sdk.stats();
      assertThat(stats.enqueued()).isEqualTo(total);
      assertThat(stats.delivered()).isEqualTo(total);
      assertThat(stats.failed()).isZero();
      assertThat(stats.rejected()).isZero();
      assertThat(calls.check(collector.requests(), 10)).isEmpty();
      System.out.printf(
          "Stress: %d calls (%d events) from %d threads over %d users in %d ms (calls returned"
              + " after %d ms), %.0f calls/s; %d faults injected, %d retries, %d requests"
              + " received%n",
          total,
          calls.events(),
          THREADS,
          USERS,
          TimeUnit.NANOSECONDS.toMillis(flushed - start),
          TimeUnit.NANOSECONDS.toMillis(called - start),
          total * 1e9 / (flushed - start),
          faults.get(),
          stats.retried(),
          collector.requestCount());
    }
  }

  private void oneBusyUser(int events) throws Exception {
    Duration latency = Duration.ofMillis(20);
    Response answer = Response.ok().delay(latency);
    // The first PARALLEL requests are held at the collector until all of them have arrived: they
    // can only all arrive if that many of the user's events are in flight at once. One request per
    // round trip would leave the first one waiting alone (and the latch timing out).
    CountDownLatch arrived = new CountDownLatch(PARALLEL);
    AtomicInteger inResponder = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    collector.respondWith(
        r -> {
          int now = inResponder.incrementAndGet();
          mostAtOnce.accumulateAndGet(now, Math::max);
          try {
            if (arrived.getCount() > 0) {
              arrived.countDown();
              awaitQuietly(arrived);
            }
            return answer;
          } finally {
            inResponder.decrementAndGet();
          }
        });
    try (ATrack sdk = DeliveryClients.against(collector).maxQueueSize(events + 1_000).build()) {
      List<CompletableFuture<Void>> futures = new ArrayList<>(events);
      long start = System.nanoTime();
      for (int i = 0; i < events; i++) {
        futures.add(sdk.track(TrackRequest.builder("job_processed").uuid("worker").build()));
      }
      CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
          .get(5, TimeUnit.MINUTES);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      Duration oneByOne = latency.multipliedBy(events);
      System.out.printf(
          "One user, %d events, %d ms per answer: %d ms, %.0f events/s (one per round trip would"
              + " take %d ms)%n",
          events,
          latency.toMillis(),
          took.toMillis(),
          events * 1e3 / Math.max(1, took.toMillis()),
          oneByOne.toMillis());
      assertThat(collector.requests("/event")).hasSize(events);
      assertThat(arrived.getCount()).as("held requests that never arrived").isZero();
      assertThat(mostAtOnce.get())
          .as("the user's requests at the collector at once")
          .isGreaterThanOrEqualTo(PARALLEL);
    }
  }

  /** Waits for the latch, at most 30 s (a hang guard: the assertions then say what was missing). */
  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
