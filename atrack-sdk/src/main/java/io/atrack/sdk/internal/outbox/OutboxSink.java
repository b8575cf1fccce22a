package io.atrack.sdk.internal.outbox;

import io.atrack.sdk.internal.delivery.OutboundRequest;

/**
 * What the outbox needs from the delivery engine: its memory budget and its lanes. Internal: not
 * API.
 */
public interface OutboxSink {
  /**
   * A call's request is in the outbox: count it as accepted (stats, {@code flush()}). Runs under
   * the outbox's append lock, so it must be quick and never block.
   */
  void accepted(OutboundRequest request);

  /** Takes room in the memory budget if there is room now; never blocks. */
  boolean tryTakeRoom(long cost);

  /**
   * Takes room in the memory budget, waiting up to {@code timeoutNanos}.
   *
   * @throws InterruptedException when interrupted while waiting
   */
  boolean takeRoom(long cost, long timeoutNanos) throws InterruptedException;

  /** Hands a request that has its room to the user's lane, to be sent when its turn comes. */
  void start(OutboundRequest request);

  /** A request an earlier run left in the outbox, with its room: count it, then start it. */
  void replayed(OutboundRequest request);

  /** The engine's {@link System#nanoTime()}: how a replayed request's age is set. */
  long nanoTime();

  /** A request whose record can no longer be read back (the disk changed under it): fail it. */
  void unreadable(OutboundRequest request);
}
