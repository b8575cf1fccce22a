package io.atrack.sdk.internal.delivery;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Bounds what the SDK holds: requests accepted and not yet finished, by count and by bytes, whether
 * they wait for their turn, for a retry, or are being sent. Internal: not API.
 *
 * <p>A request takes its share when accepted and gives it back when it finishes, so the heap the
 * queue can use is at most {@code maxBytes} (bodies plus a fixed per-request overhead) however fast
 * callers call and however slow the API is.
 */
final class QueueBudget {
  private final int maxRequests;
  private final long maxBytes;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicLong bytes = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition released = lock.newCondition();
  private final AtomicInteger waiters = new AtomicInteger();
  private final LongSupplier ticker;

  /** A budget of {@code maxRequests} requests and {@code maxBytes} bytes. */
  public QueueBudget(int maxRequests, long maxBytes) {
    this(maxRequests, maxBytes, System::nanoTime);
  }

  /** As above, measuring {@link #acquire}'s timeout with {@code ticker} (nanoseconds). */
  public QueueBudget(int maxRequests, long maxBytes, LongSupplier ticker) {
    this.maxRequests = maxRequests;
    this.maxBytes = maxBytes;
    this.ticker = ticker;
  }

  /** Takes room for a request of {@code cost} bytes if there is room now; never blocks. */
  public boolean tryAcquire(long cost) {
    if (requests.incrementAndGet() > maxRequests) {
      requests.decrementAndGet();
      return false;
    }
    if (bytes.addAndGet(cost) > maxBytes) {
      bytes.addAndGet(-cost);
      requests.decrementAndGet();
      return false;
    }
    return true;
  }

  /**
   * Takes room for a request of {@code cost} bytes, waiting up to {@code timeoutNanos} for it.
   *
   * @throws InterruptedException when interrupted while waiting
   */
  public boolean acquire(long cost, long timeoutNanos) throws InterruptedException {
    if (tryAcquire(cost)) {
      return true;
    }
    long deadline = ticker.getAsLong() + timeoutNanos;
    waiters.incrementAndGet();
    lock.lock();
    try {
      while (true) {
        if (tryAcquire(cost)) {
          return true;
        }
        long left = deadline - ticker.getAsLong();
        if (left <= 0) {
          return false;
        }
        released.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
      }
    } finally {
      lock.unlock();
      waiters.decrementAndGet();
    }
  }

  /** Gives back the room a finished request of {@code cost} bytes took. */
  public void release(long cost) {
    bytes.addAndGet(-cost);
    requests.decrementAndGet();
    if (waiters.get() > 0) {
      lock.lock();
      try {
        released.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Requests holding room now. */
  public int requests() {
    return requests.get();
  }

  /** Bytes held now. */
  public long bytes() {
    return bytes.get();
  }

  /** The bound on requests. */
  public int maxRequests() {
    return maxRequests;
  }

  /** The bound on bytes. */
  public long maxBytes() {
    return maxBytes;
  }
}
