package io.atrack.sdk;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;

/**
 * No answer came on the last attempt: the connection was refused or reset, TLS failed, or the
 * attempt timed out ({@link #isTimeout()}). These are retried while the {@link RetryPolicy} allows;
 * this is how the last one ended. The {@link IOException} is the cause.
 */
public final class ATrackNetworkException extends ATrackException {
  private static final long serialVersionUID = 1L;

  /** Whether the last attempt timed out. */
  private final boolean timeout;

  ATrackNetworkException(String message, RequestKind kind, int attempts, IOException cause) {
    super(message, kind, attempts, cause);
    this.timeout = isTimeout(cause);
  }

  /**
   * Whether the last attempt ran out of time ({@code connectTimeout} or {@code requestTimeout})
   * rather than failing outright.
   *
   * @return true when the last attempt timed out
   */
  public boolean isTimeout() {
    return timeout;
  }

  /** The network failure of the last attempt. */
  @Override
  @SuppressWarnings("NullAway") // Never null: every constructor passes the IOException.
  public synchronized IOException getCause() {
    return (IOException) super.getCause();
  }

  static boolean isTimeout(IOException e) {
    return e instanceof SocketTimeoutException || e instanceof HttpTimeoutException;
  }
}
