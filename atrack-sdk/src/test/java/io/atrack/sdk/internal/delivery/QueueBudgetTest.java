package io.atrack.sdk.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** QueueBudget on its own: both bounds, blocking with a manual ticker, and racing callers. */
@Timeout(60)
class QueueBudgetTest {

  @Test
  void boundsByCountAndByBytesAndGivesRoomBack() {
    QueueBudget budget = new QueueBudget(2, 1_000);
    assertThat(budget.tryAcquire(400)).isTrue();
    assertThat(budget.tryAcquire(700)).as("bytes").isFalse();
    assertThat(budget.tryAcquire(600)).isTrue();
    assertThat(budget.tryAcquire(1)).as("count").isFalse();
    assertThat(budget.requests()).isEqualTo(2);
    assertThat(budget.bytes()).isEqualTo(1_000);
    budget.release(400);
    assertThat(budget.tryAcquire(400)).isTrue();
    budget.release(400);
    budget.release(600);
    assertThat(budget.requests()).isZero();
    assertThat(budget.bytes()).isZero();
  }

  @Test
  void acquireGivesUpOnceItsTickerPassesTheTimeout() throws Exception {
    AtomicLong now = new AtomicLong();
    QueueBudget budget = new QueueBudget(1, 1_000, now::get);
    assertThat(budget.tryAcquire(10)).isTrue();
    CompletableFuture<Boolean> waiting = new CompletableFuture<>();
    Thread t = new Thread(() -> waiting.complete(acquire(budget, 10, 300)));
    t.setDaemon(true);
    t.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> t.getState() == Thread.State.TIMED_WAITING);
    now.addAndGet(299);
    assertThat(waiting).isNotDone();
    now.addAndGet(1);
    assertThat(waiting.get(10, TimeUnit.SECONDS)).isFalse();
    assertThat(budget.requests()).isEqualTo(1);
  }

  @Test
  void acquireTakesRoomReleasedWhileItWaits() throws Exception {
    QueueBudget budget = new QueueBudget(1, 1_000, () -> 0L); // time never passes
    assertThat(budget.tryAcquire(10)).isTrue();
    CompletableFuture<Boolean> waiting = new CompletableFuture<>();
    Thread t = new Thread(() -> waiting.complete(acquire(budget, 10, TimeUnit.HOURS.toNanos(1))));
    t.setDaemon(true);
    t.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> t.getState() == Thread.State.TIMED_WAITING);
    budget.release(10);
    assertThat(waiting.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(budget.requests()).isEqualTo(1);
  }

  /** Racing takers never see more than the bounds held, and all room comes back. */
  @RepeatedTest(30)
  void racingCallersNeverExceedTheBoundsAndLeaveNothingHeld() throws Exception {
    int maxRequests = 7;
    long maxBytes = 7 * 100;
    QueueBudget budget = new QueueBudget(maxRequests, maxBytes);
    AtomicInteger held = new AtomicInteger();
    AtomicLong heldBytes = new AtomicLong();
    AtomicInteger worst = new AtomicInteger();
    AtomicLong worstBytes = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      boolean blocking = t % 2 == 0;
      threads.add(
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < 5_000; i++) {
                  long cost = 50 + (i % 3) * 25L;
                  boolean got =
                      blocking ? acquire(budget, cost, 1_000_000) : budget.tryAcquire(cost);
                  if (got) {
                    worst.accumulateAndGet(held.incrementAndGet(), Math::max);
                    worstBytes.accumulateAndGet(heldBytes.addAndGet(cost), Math::max);
                    heldBytes.addAndGet(-cost);
                    held.decrementAndGet();
                    budget.release(cost);
                  }
                }
              }));
    }
    threads.forEach(Thread::start);
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(worst.get()).isLessThanOrEqualTo(maxRequests);
    assertThat(worstBytes.get()).isLessThanOrEqualTo(maxBytes);
    assertThat(budget.requests()).isZero();
    assertThat(budget.bytes()).isZero();
  }

  private static boolean acquire(QueueBudget budget, long cost, long timeoutNanos) {
    try {
      return budget.acquire(cost, timeoutNanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
