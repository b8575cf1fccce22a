package io.atrack.sdk.internal.delivery;

/**
 * Work a request does in its user's lane, once, just before its first attempt: a state change's
 * storage work, which may block (a network storage) and may rewrite the body ({@code isNewUser}).
 * Internal: not API.
 *
 * <p>A state change is a per-user barrier ({@link UserLanes}), so when its work runs nothing else
 * of its user is running in this client: the storage sees a user's changes one at a time, in call
 * order, and the request is sent only after its work is done. Implementations catch their own
 * failures: a storage failure must never lose or fail the request.
 */
public interface LaneWork {
  /** Runs on a delivery thread before the first attempt; may replace the body and the result. */
  void beforeFirstAttempt(OutboundRequest request);

  /**
   * The request has finished (delivered or failed), whether or not {@link #beforeFirstAttempt} ran
   * (close() fails requests that never started). Called once; must not block.
   */
  void finished(OutboundRequest request);
}
