package io.atrack.sdk.internal.queue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tells when everything accepted before a {@code flush()} has finished. Internal: not API.
 *
 * <p>Requests are counted in epochs. {@link #flush()} closes the current epoch and opens a new one;
 * the closed epoch's future completes when its own count reaches zero and the epoch before it is
 * done. This costs an accepted request one atomic increment and one decrement, instead of a
 * registry of every outstanding request.
 */
public final class FlushTracker {
  private final AtomicReference<Epoch> current;

  /** A tracker with nothing outstanding. */
  public FlushTracker() {
    current = new AtomicReference<>(new Epoch(CompletableFuture.completedFuture(null)));
  }

  /** Counts {@code request} in the open epoch. */
  public void register(OutboundRequest request) {
    while (true) {
      Epoch epoch = current.get();
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
   * Counts {@code request} out once it has finished. Idempotent: only the first call for a request
   * counts (close() may count out early the request whose callback called it).
   */
  public void finished(OutboundRequest request) {
    Epoch epoch = request.takeEpoch();
    if (epoch != null) {
      epoch.release();
    }
  }

  /** A future completing when everything registered before this call has finished. */
  public CompletableFuture<Void> flush() {
    Epoch sealed = current.get();
    Epoch next = new Epoch(sealed.done);
    while (!current.compareAndSet(sealed, next)) {
      sealed = current.get();
      next = new Epoch(sealed.done);
    }
    sealed.seal();
    return sealed.done;
  }

  /** Requests of one epoch. */
  static final class Epoch {
    private final AtomicLong count = new AtomicLong();
    private final CompletableFuture<Void> settled = new CompletableFuture<>();
    private final CompletableFuture<Void> done;
    private volatile boolean sealed;

    Epoch(CompletableFuture<Void> previous) {
      this.done = previous.thenCombine(settled, (a, b) -> null);
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
