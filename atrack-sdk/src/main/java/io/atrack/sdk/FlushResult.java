package io.atrack.sdk;

/**
 * What a {@link ATrack#flush()} waited for: how many of the requests accepted since the previous
 * flush (and before this one) were delivered, and how many failed. Each accepted request is counted
 * by exactly one flush, the first one called after it, even when it had finished before that flush
 * was called. Immutable and thread-safe.
 *
 * <pre>{@code
 * FlushResult r = sdk.flush().join();
 * if (r.failed() > 0) {
 *   System.exit(1); // a batch job that must not lose events says so
 * }
 * }</pre>
 */
public final class FlushResult {
  private final long delivered;
  private final long failed;

  FlushResult(long delivered, long failed) {
    this.delivered = delivered;
    this.failed = failed;
  }

  /**
   * Requests the flush waited for that the API acknowledged.
   *
   * @return the number of requests delivered, 0 or more
   */
  public long delivered() {
    return delivered;
  }

  /**
   * Requests the flush waited for that finally failed (status, network, expiry, close timeout).
   * Calls rejected at once were never accepted and are not counted here.
   *
   * @return the number of requests that failed, 0 or more
   */
  public long failed() {
    return failed;
  }

  /**
   * Whether every request the flush waited for was delivered.
   *
   * @return true when none failed
   */
  public boolean allDelivered() {
    return failed == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FlushResult r && delivered == r.delivered && failed == r.failed;
  }

  @Override
  public int hashCode() {
    return 31 * Long.hashCode(delivered) + Long.hashCode(failed);
  }

  @Override
  public String toString() {
    return "FlushResult[delivered=" + delivered + ", failed=" + failed + ']';
  }
}
