package io.atrack.sdk;

import org.jspecify.annotations.Nullable;

/**
 * Why a request was not delivered. Every future the SDK returns fails with this type (or a
 * subtype), never with anything else; calls themselves throw only for programming errors ({@link
 * NullPointerException}, {@link IllegalArgumentException}).
 *
 * <ul>
 *   <li>{@link ATrackHttpException}: the API answered with a status that is not retried, or the
 *       last retry still failed; carries the status and the API's message.
 *   <li>{@link ATrackRejectedException}: the request was never sent or given up before its turn:
 *       queue full, client closed.
 *   <li>this type itself: the network failed on every attempt (the cause says how).
 * </ul>
 *
 * <p>Messages never contain the whole public key, nor attribute values.
 */
public class ATrackException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final RequestKind kind;
  private final int attempts;

  /** An exception for a request of {@code kind} given up after {@code attempts} attempts. */
  public ATrackException(
      String message, RequestKind kind, int attempts, @Nullable Throwable cause) {
    this(message, kind, attempts, cause, true);
  }

  /**
   * For subtypes raised in bulk (a full queue rejects calls by the thousand), which may skip the
   * stack trace: filling it in costs more than the rest of the rejected call.
   */
  protected ATrackException(
      String message,
      RequestKind kind,
      int attempts,
      @Nullable Throwable cause,
      boolean writableStackTrace) {
    super(message, cause, true, writableStackTrace);
    this.kind = kind;
    this.attempts = attempts;
  }

  /** The kind of request that failed. */
  public RequestKind kind() {
    return kind;
  }

  /** How many times the request was sent; 0 when it never was. */
  public int attempts() {
    return attempts;
  }
}
