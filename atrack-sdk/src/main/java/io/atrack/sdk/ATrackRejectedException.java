package io.atrack.sdk;

/** The request was not delivered because the client would not take it or gave it up unsent. */
public final class ATrackRejectedException extends ATrackException {
  private static final long serialVersionUID = 1L;

  /** Why the request was rejected. */
  public enum Reason {
    /** The queue was full (by count or by bytes) when the call was made. */
    QUEUE_FULL,
    /** The call was made after {@link ATrack#close()}. */
    CLOSED,
    /** {@link ATrack#close()} timed out before the request was delivered. */
    CLOSE_TIMEOUT
  }

  /** Why the request was rejected. */
  private final Reason reason;

  /**
   * {@link Reason#QUEUE_FULL} ones carry no stack trace: under overload they are raised for every
   * call, and the trace would cost more than the call.
   */
  ATrackRejectedException(String message, RequestKind kind, int attempts, Reason reason) {
    super(message, kind, attempts, null, reason != Reason.QUEUE_FULL);
    this.reason = reason;
  }

  /**
   * Why the request was rejected.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
