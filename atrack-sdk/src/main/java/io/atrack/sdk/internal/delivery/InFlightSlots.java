package io.atrack.sdk.internal.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * How many requests an asynchronous transport may be sending at once ({@code maxInFlight}), and the
 * requests whose turn came in their lane while every slot was taken, in order. Lock-free: a request
 * that finds no slot is queued and re-checks, so a slot freed meanwhile is never missed.
 */
final class InFlightSlots {
  private final AtomicInteger free;
  private final ConcurrentLinkedQueue<OutboundRequest> waiting = new ConcurrentLinkedQueue<>();

  InFlightSlots(int slots) {
    this.free = new AtomicInteger(slots);
  }

  /** Takes a slot if one is free. */
  boolean tryAcquire() {
    while (true) {
      int n = free.get();
      if (n <= 0) {
        return false;
      }
      if (free.compareAndSet(n, n - 1)) {
        return true;
      }
    }
  }

  /** Gives a slot back; the caller then runs {@link #next()} to start who waits. */
  void release() {
    free.incrementAndGet();
  }

  /** Keeps {@code request} until a slot is free; {@link #next()} hands it out then. */
  void await(OutboundRequest request) {
    waiting.offer(request);
  }

  /**
   * A waiting request, with a slot taken for it; null when none waits or no slot is free. A caller
   * that queued a request, and one that freed a slot, both call this until null, so no request
   * waits while a slot is free.
   */
  @Nullable OutboundRequest next() {
    while (!waiting.isEmpty() && tryAcquire()) {
      OutboundRequest r = waiting.poll();
      if (r != null) {
        return r;
      }
      release(); // another thread took the last one: give the slot back, look again
    }
    return null;
  }

  /** Removes every waiting request (close() fails or keeps them). */
  List<OutboundRequest> drain() {
    List<OutboundRequest> all = new ArrayList<>();
    OutboundRequest r;
    while ((r = waiting.poll()) != null) {
      all.add(r);
    }
    return all;
  }
}
