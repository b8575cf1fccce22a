package io.atrack.sdk;

/**
 * A custom {@link io.atrack.sdk.transport.Transport} threw something other than an {@code
 * IOException}: a bug in it, not a network failure, so the request is not retried. The exception it
 * threw is the cause; the message quotes it cut, escaped and with the key masked.
 */
public final class ATrackTransportException extends ATrackException {
  private static final long serialVersionUID = 1L;

  ATrackTransportException(String message, RequestKind kind, int attempts, Throwable cause) {
    super(message, kind, attempts, cause);
  }
}
