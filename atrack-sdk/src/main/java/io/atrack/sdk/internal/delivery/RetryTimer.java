package io.atrack.sdk.internal.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The requests waiting on the retry timer for their next attempt. Each is taken exactly once: by
 * the timer, which hands it to {@code dispatch}, or by close(), which ends it ({@link #drain}). Its
 * lane keeps it "running" meanwhile, so the user's later state changes keep waiting.
 */
final class RetryTimer {
  private final Set<OutboundRequest> waiting = ConcurrentHashMap.newKeySet();
  private final EngineTime time;
  private final Consumer<OutboundRequest> dispatch;

  RetryTimer(EngineTime time, Consumer<OutboundRequest> dispatch) {
    this.time = time;
    this.dispatch = dispatch;
  }

  /**
   * Hands {@code request} to {@code dispatch} after {@code delayNanos}.
   *
   * @return false if the timer is stopped (close() is past it) and the caller must end the request
   *     now; true if it waits, or was taken by close() already
   */
  boolean schedule(OutboundRequest request, long delayNanos) {
    waiting.add(request);
    try {
      // A request still waiting when close() stops the timer is ended by close().
      time.schedule(
          () -> {
            if (waiting.remove(request)) {
              dispatch.accept(request);
            }
          },
          delayNanos);
      return true;
    } catch (RejectedExecutionException e) {
      return !waiting.remove(request);
    }
  }

  /** Takes every request still waiting and gives each to {@code end}, one at a time. */
  void drain(Consumer<OutboundRequest> end) {
    List<OutboundRequest> retrying = new ArrayList<>(waiting);
    for (OutboundRequest r : retrying) {
      if (waiting.remove(r)) {
        end.accept(r);
      }
    }
  }
}
