package io.atrack.sdk.internal.sender;

import java.time.Duration;
import java.util.Objects;

/**
 * The range checks of the transport's timeouts, shared by {@code ATrackBuilder}, {@code
 * TransportConfig.Builder} and {@link SocketTransport.Builder} so that each setting says the same
 * thing wherever it is set. Stateless.
 */
public final class Timeouts {
  private Timeouts() {}

  /**
   * A timeout a socket can take: between 1 ms and {@code Integer.MAX_VALUE} ms.
   *
   * @param timeout the timeout
   * @param what the setting's name, for the message
   * @return {@code timeout}
   * @throws NullPointerException when {@code timeout} is null
   * @throws IllegalArgumentException when out of that range
   */
  public static Duration socketTimeout(Duration timeout, String what) {
    Objects.requireNonNull(timeout, what);
    if (timeout.compareTo(Duration.ofMillis(1)) < 0
        || timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException(
          what + " must be between 1 ms and " + Integer.MAX_VALUE + " ms, was " + timeout);
    }
    return timeout;
  }

  /**
   * How long an idle connection may be kept: between 1 ms and 365 days.
   *
   * @param timeout the timeout
   * @param what the setting's name, for the message
   * @return {@code timeout}
   * @throws NullPointerException when {@code timeout} is null
   * @throws IllegalArgumentException when out of that range
   */
  public static Duration idleTimeout(Duration timeout, String what) {
    Objects.requireNonNull(timeout, what);
    if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.toDays() > 365) {
      throw new IllegalArgumentException(
          what + " must be between 1 ms and 365 days, was " + timeout);
    }
    return timeout;
  }
}
