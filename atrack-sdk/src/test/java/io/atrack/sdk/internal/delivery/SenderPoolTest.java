package io.atrack.sdk.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atrack.sdk.RequestKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SenderPool on its own: every dispatched request is sent once, by at most maxThreads threads. */
@Timeout(60)
class SenderPoolTest {

  private static OutboundRequest request(int i) {
    return new OutboundRequest(
        RequestKind.EVENT, "u" + i, new byte[0], new CompletableFuture<>(), null, 0);
  }

  @RepeatedTest(20)
  void racingDispatchersHaveEveryRequestSentExactlyOnceWithinTheThreadBound() throws Exception {
    int maxThreads = 4;
    int dispatchers = 4;
    int perDispatcher = 2_500;
    Set<OutboundRequest> sent = ConcurrentHashMap.newKeySet();
    AtomicInteger duplicates = new AtomicInteger();
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger worst = new AtomicInteger();
    CountDownLatch allSent = new CountDownLatch(dispatchers * perDispatcher);
    SenderPool pool =
        new SenderPool(
            maxThreads,
            "test-pool-",
            r -> {
              worst.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
              if (!sent.add(r)) {
                duplicates.incrementAndGet();
              }
              concurrent.decrementAndGet();
              allSent.countDown();
            });
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int d = 0; d < dispatchers; d++) {
      int base = d * perDispatcher;
      threads.add(
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < perDispatcher; i++) {
                  pool.dispatch(request(base + i));
                }
              }));
    }
    threads.forEach(Thread::start);
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(allSent.await(30, TimeUnit.SECONDS)).as("everything was sent").isTrue();
    assertThat(sent).hasSize(dispatchers * perDispatcher);
    assertThat(duplicates).hasValue(0);
    assertThat(worst.get()).isLessThanOrEqualTo(maxThreads);
    assertThat(pool.threads()).hasSizeLessThanOrEqualTo(maxThreads);
    assertThat(pool.stop(TimeUnit.SECONDS.toNanos(10), false)).isTrue();
    assertThat(pool.threads()).isEmpty();
  }

  @Test
  void aThrowingSendDoesNotKillTheThreadAndStopLeavesUnsentRequestsToDrain() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    SenderPool pool =
        new SenderPool(
            1,
            "test-pool-",
            r -> {
              if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("a bug in send");
              }
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    OutboundRequest first = request(1);
    OutboundRequest second = request(2);
    OutboundRequest third = request(3);
    pool.dispatch(first);
    pool.dispatch(second);
    await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 2);
    assertThat(pool.inFlightRequests()).containsExactly(second);
    pool.dispatch(third);
    assertThat(pool.inFlight()).isEqualTo(1);

    release.countDown();
    assertThat(pool.stop(TimeUnit.SECONDS.toNanos(10), false)).isTrue();
    List<OutboundRequest> left = pool.drainReady();
    // The third was either sent before stop() took effect or is left for close() to fail.
    assertThat(calls.get() - 2 + left.size()).isEqualTo(1);
  }
}
