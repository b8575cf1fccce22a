package io.atrack.sdk;

/** What a call does when the delivery queue is full (by request count or by bytes). */
public enum QueueFullPolicy {
  /**
   * The default: the new request is rejected at once, its future fails with {@link
   * ATrackRejectedException} ({@code QUEUE_FULL}), it is counted, and a rate-limited warning is
   * logged. The caller never waits.
   */
  REJECT,
  /**
   * The caller blocks until there is room, up to {@code ATrack.Builder.blockTimeout}, then the
   * request is rejected as with {@link #REJECT}. For batch jobs that would rather slow down than
   * drop.
   */
  BLOCK
}
