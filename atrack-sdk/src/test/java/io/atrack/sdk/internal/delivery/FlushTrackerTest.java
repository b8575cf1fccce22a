package io.atrack.sdk.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.RequestKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** FlushTracker on its own: epochs, their order, their counts, and races between them. */
@Timeout(60)
class FlushTrackerTest {
  private final FlushTracker tracker = new FlushTracker();

  private static OutboundRequest request() {
    return new OutboundRequest(
        RequestKind.EVENT, "u", new byte[0], new CompletableFuture<>(), null, 0);
  }

  private OutboundRequest registered() {
    OutboundRequest r = request();
    tracker.register(r);
    return r;
  }

  private void finish(OutboundRequest r, boolean delivered) {
    assertThat(delivered ? r.markDelivered() : r.markFailed()).isTrue();
    tracker.finished(r);
  }

  @Test
  void aFlushWithNothingOutstandingCompletesAtOnceWithNothingCounted() {
    CompletableFuture<long[]> f = tracker.flush();
    assertThat(f).isCompleted();
    assertThat(f.join()).containsExactly(0, 0);
  }

  @Test
  void completesWhenTheLastRequestBeforeItFinishesAndCountsHowEachEnded() {
    OutboundRequest a = registered();
    OutboundRequest b = registered();
    OutboundRequest c = registered();
    finish(a, true); // finished before the flush: still this flush's to count
    CompletableFuture<long[]> f = tracker.flush();
    OutboundRequest later = registered();
    finish(b, false);
    assertThat(f).isNotDone();
    finish(c, true);
    assertThat(f.join()).containsExactly(2, 1);
    assertThat(later.isFinished()).isFalse();
  }

  @Test
  void aLaterFlushWaitsForTheEarlierEpochButCountsOnlyItsOwn() {
    OutboundRequest old = registered();
    CompletableFuture<long[]> first = tracker.flush();
    OutboundRequest mine = registered();
    CompletableFuture<long[]> second = tracker.flush();
    finish(mine, true);
    assertThat(second).as("waits for the earlier epoch").isNotDone();
    finish(old, false);
    assertThat(first.join()).containsExactly(0, 1);
    assertThat(second.join()).containsExactly(1, 0);
  }

  @Test
  void countingARequestOutTwiceCountsItOnce() {
    OutboundRequest a = registered();
    OutboundRequest b = registered();
    CompletableFuture<long[]> f = tracker.flush();
    finish(a, true);
    tracker.finished(a);
    assertThat(f).as("b is still outstanding").isNotDone();
    finish(b, true);
    assertThat(f.join()).containsExactly(2, 0);
  }

  /**
   * Callers register and finish from several threads while another flushes in a loop: every flush
   * completes, no request is counted by two flushes or by none, and each flush completes only after
   * every request registered before it.
   */
  @RepeatedTest(30)
  void concurrentRegistersFinishesAndFlushesLoseAndDoubleCountNothing() throws Exception {
    int threads = 4;
    int perThread = 2_000;
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean done = new AtomicBoolean();
    ConcurrentLinkedQueue<OutboundRequest> all = new ConcurrentLinkedQueue<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(
          new Thread(
              () -> {
                await(start);
                List<OutboundRequest> mine = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                  OutboundRequest r = registered();
                  all.add(r);
                  mine.add(r);
                  if (i % 3 == 0) { // finish a batch, out of order, some failed
                    for (int j = mine.size() - 1; j >= 0; j--) {
                      OutboundRequest m = mine.get(j);
                      if (j % 2 == 0 ? m.markDelivered() : m.markFailed()) {
                        tracker.finished(m);
                      }
                    }
                    mine.clear();
                  }
                }
                for (OutboundRequest m : mine) {
                  if (m.markDelivered()) {
                    tracker.finished(m);
                  }
                }
              }));
    }
    List<CompletableFuture<long[]>> flushes = new ArrayList<>();
    Thread flusher =
        new Thread(
            () -> {
              await(start);
              while (!done.get()) {
                List<OutboundRequest> before = List.copyOf(all);
                CompletableFuture<long[]> f = tracker.flush();
                // Checked when it completes: everything registered before the call has finished.
                flushes.add(
                    f.whenComplete(
                        (v, e) -> assertThat(before).allMatch(OutboundRequest::isFinished)));
              }
            });
    workers.forEach(Thread::start);
    flusher.start();
    start.countDown();
    for (Thread w : workers) {
      w.join();
    }
    done.set(true);
    flusher.join();
    flushes.add(tracker.flush());

    long counted = 0;
    for (CompletableFuture<long[]> f : flushes) {
      long[] c = f.get(10, TimeUnit.SECONDS);
      counted += c[0] + c[1];
    }
    assertThat(counted).isEqualTo((long) threads * perThread);
    assertThat(all).allMatch(OutboundRequest::isFinished);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
