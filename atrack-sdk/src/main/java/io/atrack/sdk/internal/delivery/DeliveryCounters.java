package io.atrack.sdk.internal.delivery;

import io.atrack.sdk.RequestKind;
import io.atrack.sdk.Stats;
import io.atrack.sdk.internal.outbox.Outbox;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The engine's counters and the {@code stats()} snapshot built from them. Apart from the engine so
 * that what is counted, and how a snapshot adds up, reads in one place; the engine decides when to
 * count (before a future completes).
 */
@SuppressWarnings("EnumOrdinal") // Per-kind counters: an array indexed by ordinal.
final class DeliveryCounters {
  // Per kind, indexed by ordinal: one LongAdder increment per call, as with a single counter.
  private final LongAdder[] enqueued = adders();
  private final LongAdder[] delivered = adders();
  private final LongAdder[] failed = adders();
  private final LongAdder[] rejected = adders();
  private final LongAdder retried = new LongAdder();
  // Requests inside transport.send() now. Kept here, not in the pool, so that it drops before the
  // request's future completes: a stats() read in a callback must not count the request twice.
  private final AtomicInteger inFlight = new AtomicInteger();
  private final LongAdder kept = new LongAdder(); // left in the outbox by close()

  void enqueued(RequestKind kind) {
    enqueued[kind.ordinal()].increment();
  }

  void delivered(RequestKind kind) {
    delivered[kind.ordinal()].increment();
  }

  void failed(RequestKind kind) {
    failed[kind.ordinal()].increment();
  }

  void rejected(RequestKind kind) {
    rejected[kind.ordinal()].increment();
  }

  void retried() {
    retried.increment();
  }

  void kept() {
    kept.increment();
  }

  void sendStarted() {
    inFlight.incrementAndGet();
  }

  void sendEnded() {
    inFlight.decrementAndGet();
  }

  long totalEnqueued() {
    return total(enqueued);
  }

  long totalFailed() {
    return total(failed);
  }

  long keptCount() {
    return kept.sum();
  }

  /** A snapshot; a request being sent holds room in the budget too, but counts as in flight. */
  Stats stats(Outcomes outcomes, QueueBudget budget, @Nullable Outbox outbox) {
    int sending = inFlight.get();
    return outcomes.stats(
        sums(enqueued),
        sums(delivered),
        retried.sum(),
        sums(failed),
        sums(rejected),
        Math.max(0, budget.requests() - sending)
            + (outbox == null ? 0 : outbox.held() + kept.sum()),
        sending);
  }

  private static LongAdder[] adders() {
    LongAdder[] adders = new LongAdder[RequestKind.values().length];
    for (int i = 0; i < adders.length; i++) {
      adders[i] = new LongAdder();
    }
    return adders;
  }

  private static long total(LongAdder[] adders) {
    long total = 0;
    for (LongAdder a : adders) {
      total += a.sum();
    }
    return total;
  }

  private static long[] sums(LongAdder[] adders) {
    long[] sums = new long[adders.length];
    for (int i = 0; i < adders.length; i++) {
      sums[i] = adders[i].sum();
    }
    return sums;
  }
}
