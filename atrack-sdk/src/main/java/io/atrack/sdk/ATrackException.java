package io.atrack.sdk;

import org.jspecify.annotations.Nullable;

/**
 * Why a request was not delivered: the root of a sealed hierarchy whose subtypes say what happened.
 * Every future the SDK returns fails with one of them, never with anything else; calls themselves
 * throw only for programming errors ({@link NullPointerException}, {@link
 * IllegalArgumentException}, {@link IllegalStateException}).
 *
 * <ul>
 *   <li>{@link ATrackHttpException}: the API answered with a status that is not retried, or the
 *       last retry still failed; carries the status and the API's message.
 *   <li>{@link ATrackRejectedException}: the request was never sent or given up before its turn:
 *       queue full, client closed, close timed out.
 *   <li>{@link ATrackNetworkException}: no answer on the last attempt (connection refused or reset,
 *       TLS failure, timeout: {@link ATrackNetworkException#isTimeout()}); the {@code IOException}
 *       is the cause.
 *   <li>{@link ATrackExpiredException}: the next retry would have been past {@link
 *       RetryPolicy#maxAge()}.
 *   <li>{@link ATrackTransportException}: a custom {@link io.atrack.sdk.transport.Transport} threw
 *       something other than an {@code IOException}; not retried, the exception is the cause.
 * </ul>
 *
 * <pre>{@code
 * sdk.track("checkout").exceptionally(e -> {
 *   if (e.getCause() instanceof ATrackHttpException http && http.statusCode() == 401) {
 *     alerts.keyRevoked();
 *   }
 *   return null;
 * });
 * }</pre>
 *
 * <p>Created by the SDK only. Messages never contain the whole public key, nor attribute values;
 * text from the network or a custom transport is cut, escaped and has the key masked.
 */
public abstract sealed class ATrackException extends RuntimeException
    permits ATrackHttpException,
        ATrackRejectedException,
        ATrackNetworkException,
        ATrackExpiredException,
        ATrackTransportException {
  private static final long serialVersionUID = 1L;

  /** The kind of request that failed. */
  private final RequestKind kind;

  /** How many times the request was sent. */
  private final int attempts;

  ATrackException(String message, RequestKind kind, int attempts, @Nullable Throwable cause) {
    this(message, kind, attempts, cause, true);
  }

  /**
   * For subtypes raised in bulk (a full queue rejects calls by the thousand), which may skip the
   * stack trace: filling it in costs more than the rest of the rejected call.
   */
  ATrackException(
      String message,
      RequestKind kind,
      int attempts,
      @Nullable Throwable cause,
      boolean writableStackTrace) {
    super(message, cause, true, writableStackTrace);
    this.kind = kind;
    this.attempts = attempts;
  }

  /**
   * The kind of request that failed.
   *
   * @return the request's kind
   */
  public RequestKind kind() {
    return kind;
  }

  /**
   * How many times the request was sent; 0 when it never was.
   *
   * @return the number of attempts, 0 or more
   */
  public int attempts() {
    return attempts;
  }
}
