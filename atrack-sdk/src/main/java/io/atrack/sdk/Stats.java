package io.atrack.sdk;

import java.util.Arrays;

/**
 * A snapshot of a client's delivery counters since it was built, from {@link ATrack#stats()}.
 * Immutable and thread-safe.
 *
 * <p>Every accepted request ends as exactly one of delivered or failed: {@code enqueued = delivered
 * + failed + queued + inFlight} (requests waiting for a retry count as queued; with the outbox, so
 * do those waiting on disk and those {@code close()} kept there). The counters of a request settle
 * before its future completes, so a snapshot taken in a callback, or right after {@code join()},
 * already counts that request as delivered or failed.
 *
 * <p>The per-kind counts ({@link #enqueued(RequestKind)} and the like) add up to the totals, for
 * metrics tagged by endpoint.
 */
@SuppressWarnings("EnumOrdinal") // Per-kind counts are arrays indexed by ordinal, like EnumMap's.
public final class Stats {
  private static final int KINDS = RequestKind.values().length;

  private final long[] enqueued;
  private final long[] delivered;
  private final long[] failed;
  private final long[] rejected;
  private final long retried;
  private final long queued;
  private final long inFlight;
  private final long storageFailures;

  /**
   * Counters as the engine read them; the arrays are indexed by {@link RequestKind#ordinal()} and
   * owned by the new instance.
   */
  Stats(
      long[] enqueued,
      long[] delivered,
      long retried,
      long[] failed,
      long[] rejected,
      long queued,
      long inFlight) {
    this.enqueued = check(enqueued);
    this.delivered = check(delivered);
    this.failed = check(failed);
    this.rejected = check(rejected);
    this.retried = retried;
    this.queued = queued;
    this.inFlight = inFlight;
    this.storageFailures = 0;
  }

  private Stats(Stats delivery, long storageFailures) {
    this.enqueued = delivery.enqueued;
    this.delivered = delivery.delivered;
    this.failed = delivery.failed;
    this.rejected = delivery.rejected;
    this.retried = delivery.retried;
    this.queued = delivery.queued;
    this.inFlight = delivery.inFlight;
    this.storageFailures = storageFailures;
  }

  /** These delivery counters with the user storage's failure count beside them. */
  Stats withStorageFailures(long storageFailures) {
    return new Stats(this, storageFailures);
  }

  private static long[] check(long[] perKind) {
    if (perKind.length != KINDS) {
      throw new IllegalArgumentException("one count per RequestKind expected");
    }
    return perKind;
  }

  /**
   * Requests accepted by a call.
   *
   * @return the count, 0 or more
   */
  public long enqueued() {
    return sum(enqueued);
  }

  /**
   * Requests of {@code kind} accepted by a call.
   *
   * @param kind the request kind
   * @return the count, 0 or more
   */
  public long enqueued(RequestKind kind) {
    return enqueued[kind.ordinal()];
  }

  /**
   * Requests the API acknowledged (2xx).
   *
   * @return the count, 0 or more
   */
  public long delivered() {
    return sum(delivered);
  }

  /**
   * Requests of {@code kind} the API acknowledged (2xx).
   *
   * @param kind the request kind
   * @return the count, 0 or more
   */
  public long delivered(RequestKind kind) {
    return delivered[kind.ordinal()];
  }

  /**
   * Retry attempts made (not requests: one request can be retried many times).
   *
   * @return the count, 0 or more
   */
  public long retried() {
    return retried;
  }

  /**
   * Accepted requests that finally failed (status, network, expiry, close timeout).
   *
   * @return the count, 0 or more
   */
  public long failed() {
    return sum(failed);
  }

  /**
   * Accepted requests of {@code kind} that finally failed.
   *
   * @param kind the request kind
   * @return the count, 0 or more
   */
  public long failed(RequestKind kind) {
    return failed[kind.ordinal()];
  }

  /**
   * Calls refused at once, never accepted: queue full or client closed.
   *
   * @return the count, 0 or more
   */
  public long rejected() {
    return sum(rejected);
  }

  /**
   * Calls of {@code kind} refused at once, never accepted.
   *
   * @param kind the request kind
   * @return the count, 0 or more
   */
  public long rejected(RequestKind kind) {
    return rejected[kind.ordinal()];
  }

  /**
   * Accepted requests not yet finished and not being sent now (retry waits included).
   *
   * @return the count, 0 or more
   */
  public long queued() {
    return queued;
  }

  /**
   * Requests being sent now.
   *
   * @return the count, 0 or more
   */
  public long inFlight() {
    return inFlight;
  }

  private static long sum(long[] counts) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    return total;
  }

  /**
   * User storage calls that threw (Redis down, a timeout, a bug in a custom storage), on delivery
   * threads or in {@link ATrack#currentUser()}. Each one fell back: the request was still sent,
   * {@code isNewUser} was {@code false} (unless the call generated the uuid), the change was not
   * stored; each is logged at WARNING, at most once per 10 s. Not counted in {@link #failed()}: no
   * request failed.
   *
   * @return the count, 0 or more
   */
  public long storageFailures() {
    return storageFailures;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Stats s
        && Arrays.equals(enqueued, s.enqueued)
        && Arrays.equals(delivered, s.delivered)
        && Arrays.equals(failed, s.failed)
        && Arrays.equals(rejected, s.rejected)
        && retried == s.retried
        && queued == s.queued
        && inFlight == s.inFlight
        && storageFailures == s.storageFailures;
  }

  @Override
  public int hashCode() {
    int h = Arrays.hashCode(enqueued);
    h = 31 * h + Arrays.hashCode(delivered);
    h = 31 * h + Arrays.hashCode(failed);
    h = 31 * h + Arrays.hashCode(rejected);
    h = 31 * h + Long.hashCode(retried);
    h = 31 * h + Long.hashCode(queued);
    h = 31 * h + Long.hashCode(inFlight);
    return 31 * h + Long.hashCode(storageFailures);
  }

  @Override
  public String toString() {
    return "Stats[enqueued="
        + enqueued()
        + ", delivered="
        + delivered()
        + ", retried="
        + retried
        + ", failed="
        + failed()
        + ", rejected="
        + rejected()
        + ", queued="
        + queued
        + ", inFlight="
        + inFlight
        + ", storageFailures="
        + storageFailures
        + ']';
  }
}
