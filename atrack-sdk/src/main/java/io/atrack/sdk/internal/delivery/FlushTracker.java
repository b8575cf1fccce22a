package io.atrack.sdk.internal.delivery;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Tells when everything accepted before a {@code flush()} has finished, and how it ended. Internal:
 * not API.
 *
 * <p>Requests are counted in epochs. {@link #flush()} closes the current epoch and opens a new one;
 * the closed epoch's future completes when its own count reaches zero and the epoch before it is
 * done. This costs an accepted request one atomic increment and two on finishing (the count and its
 * outcome), instead of a registry of every outstanding request.
 *
 * <p>Each epoch also counts how its requests ended, and its flush reports that: every request is
 * counted by exactly one flush, the first one called after it was accepted, whether it finished
 * before that flush was called or after. So a worker that calls, flushes and checks {@code failed}
 * sees the failures of everything since its previous flush, even those that failed at once. A flush
 * also waits for earlier epochs' unfinished requests, which their own flushes count.
 */
final class FlushTracker {
  private final AtomicReference<Epoch> current;

  /** A tracker with nothing outstanding. */
  public FlushTracker() {
    current = new AtomicReference<>(new Epoch(null));
  }

  /** Counts {@code request} in the open epoch. */
  public void register(OutboundRequest request) {
    while (true) {
      Epoch epoch = current();
      epoch.count.incrementAndGet();
      // A flush may have sealed this epoch between get() and the increment; then this request
      // belongs to the next one, or the sealed epoch could wait for a request called after it.
      if (current.get() == epoch) {
        request.epoch(epoch);
        return;
      }
      epoch.release();
    }
  }

  /**
   * Counts {@code request} out once it has finished (delivered or failed, as it says). Idempotent:
   * only the first call for a request counts (close() may count out early the request whose
   * callback called it).
   */
  public void finished(OutboundRequest request) {
    Epoch epoch = request.takeEpoch();
    if (epoch != null) {
      (request.isDelivered() ? epoch.delivered : epoch.failed).incrementAndGet();
      epoch.release();
    }
  }

  /**
   * A future completing when everything registered before this call has finished, with how many of
   * the requests registered since the previous flush were delivered ({@code [0]}) and failed
   * ({@code [1]}).
   */
  public CompletableFuture<long[]> flush() {
    Epoch sealed = current();
    Epoch next = new Epoch(sealed);
    while (!current.compareAndSet(sealed, next)) {
      sealed = current();
      next = new Epoch(sealed);
    }
    sealed.seal();
    Epoch counted = sealed;
    return sealed.done.thenApply(v -> new long[] {counted.delivered.get(), counted.failed.get()});
  }

  @SuppressWarnings("NullAway") // Never null: set in the constructor, only ever swapped by CAS.
  private Epoch current() {
    return current.get();
  }

  /** Requests of one epoch. */
  static final class Epoch {
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final CompletableFuture<Void> settled = new CompletableFuture<>();
    private final CompletableFuture<Void> done;
    private volatile boolean sealed;

    Epoch(@Nullable Epoch previous) {
      this.done =
          previous == null ? settled : previous.done.thenCombine(settled, (a, b) -> (Void) null);
    }

    void seal() {
      sealed = true;
      if (count.get() == 0) {
        settled.complete(null);
      }
    }

    void release() {
      if (count.decrementAndGet() == 0 && sealed) {
        settled.complete(null);
      }
    }
  }
}
