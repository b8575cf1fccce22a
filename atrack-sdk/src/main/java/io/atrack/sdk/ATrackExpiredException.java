package io.atrack.sdk;

/**
 * The request was given up before its attempts ran out because its next attempt would have come
 * later than {@link RetryPolicy#maxAge()} after the call. The message names the last answer's
 * status, if any.
 */
public final class ATrackExpiredException extends ATrackException {
  private static final long serialVersionUID = 1L;

  /** The HTTP status of the last answer, or 0. */
  private final int lastStatusCode;

  ATrackExpiredException(String message, RequestKind kind, int attempts, int lastStatusCode) {
    super(message, kind, attempts, null);
    this.lastStatusCode = lastStatusCode;
  }

  /**
   * The HTTP status of the last answer, or 0 when the last attempt got none.
   *
   * @return the last status code, or 0
   */
  public int lastStatusCode() {
    return lastStatusCode;
  }
}
