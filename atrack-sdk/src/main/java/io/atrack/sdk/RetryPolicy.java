package io.atrack.sdk;

import java.time.Duration;
import java.util.Objects;

/**
 * When and how often a request that failed transiently is sent again. Immutable and thread-safe.
 *
 * <p>Transient failures are connection errors, timeouts and the statuses 408, 429, 500, 502, 503
 * and 504; any other status is final at once. The wait before retry {@code n} (n = 1, 2, …) is a
 * random duration between zero and {@code min(maxBackoff, initialBackoff × multiplier^(n-1))}
 * ("full jitter"), or the API's {@code Retry-After} (seconds or an HTTP date) when it sends one,
 * capped at {@code maxRetryAfter}. A request is given up after {@code maxAttempts} attempts, or
 * when the next attempt would start more than {@code maxAge} after the call. The body, and so the
 * {@code eventId}, is the same on every attempt.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><td>maxAttempts</td><td>{@value #DEFAULT_MAX_ATTEMPTS}</td></tr>
 *   <tr><td>initialBackoff</td><td>100 ms</td></tr>
 *   <tr><td>multiplier</td><td>2</td></tr>
 *   <tr><td>maxBackoff</td><td>30 s</td></tr>
 *   <tr><td>maxRetryAfter</td><td>60 s</td></tr>
 *   <tr><td>maxAge</td><td>10 min</td></tr>
 * </table>
 */
public final class RetryPolicy {
  /** Default number of attempts, the first included. */
  public static final int DEFAULT_MAX_ATTEMPTS = 8;

  private static final RetryPolicy DEFAULTS = builder().build();
  private static final RetryPolicy NONE = builder().maxAttempts(1).build();

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final double multiplier;
  private final Duration maxBackoff;
  private final Duration maxRetryAfter;
  private final Duration maxAge;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.multiplier = b.multiplier;
    this.maxBackoff = b.maxBackoff;
    this.maxRetryAfter = b.maxRetryAfter;
    this.maxAge = b.maxAge;
  }

  /**
   * The defaults in the table above.
   *
   * @return the default policy
   */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * One attempt, no retry.
   *
   * @return a policy that never retries
   */
  public static RetryPolicy none() {
    return NONE;
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Attempts in all, the first included.
   *
   * @return the number of attempts, 1 or more
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * The backoff cap before the first retry.
   *
   * @return the first backoff cap
   */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /**
   * How much the backoff cap grows per retry.
   *
   * @return the multiplier, 1 or more
   */
  public double multiplier() {
    return multiplier;
  }

  /**
   * The largest backoff cap.
   *
   * @return the largest backoff cap
   */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * The longest {@code Retry-After} honoured; longer ones are cut to this.
   *
   * @return the longest {@code Retry-After} honoured
   */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /**
   * How long after the call a request may still be attempted.
   *
   * @return the longest age of a request that may still be attempted
   */
  public Duration maxAge() {
    return maxAge;
  }

  /**
   * The backoff cap before retry {@code retry} (1 for the first retry), in nanoseconds: the
   * jittered wait is uniform in {@code [0, cap]}.
   *
   * @param retry the retry's number, 1 for the first
   * @return the cap in nanoseconds
   */
  public long backoffCapNanos(int retry) {
    double cap = initialBackoff.toNanos() * Math.pow(multiplier, Math.max(0, retry - 1));
    return (long) Math.min(cap, (double) maxBackoff.toNanos());
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxAttempts="
        + maxAttempts
        + ", initialBackoff="
        + initialBackoff
        + ", multiplier="
        + multiplier
        + ", maxBackoff="
        + maxBackoff
        + ", maxRetryAfter="
        + maxRetryAfter
        + ", maxAge="
        + maxAge
        + '}';
  }

  /** Builds a {@link RetryPolicy}; each setter checks its value at once. */
  public static final class Builder {
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration initialBackoff = Duration.ofMillis(100);
    private double multiplier = 2;
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Duration maxRetryAfter = Duration.ofSeconds(60);
    private Duration maxAge = Duration.ofMinutes(10);

    private Builder() {}

    /**
     * Attempts in all, 1 (no retry) or more.
     *
     * @param maxAttempts the number of attempts, 1 or more
     * @return this builder
     * @throws IllegalArgumentException when {@code maxAttempts} is below 1
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * The backoff cap before the first retry; zero or more.
     *
     * @param initialBackoff the first cap, zero or more
     * @return this builder
     * @throws IllegalArgumentException when {@code initialBackoff} is negative
     */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = nonNegative(initialBackoff, "initialBackoff");
      return this;
    }

    /**
     * How much the cap grows per retry; at least 1.
     *
     * @param multiplier the growth per retry, 1 or more
     * @return this builder
     * @throws IllegalArgumentException when {@code multiplier} is below 1 or not finite
     */
    public Builder multiplier(double multiplier) {
      if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
        throw new IllegalArgumentException("multiplier must be a number >= 1, was " + multiplier);
      }
      this.multiplier = multiplier;
      return this;
    }

    /**
     * The largest backoff cap.
     *
     * @param maxBackoff the largest cap, zero or more
     * @return this builder
     * @throws IllegalArgumentException when {@code maxBackoff} is negative
     */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = nonNegative(maxBackoff, "maxBackoff");
      return this;
    }

    /**
     * The longest {@code Retry-After} honoured.
     *
     * @param maxRetryAfter the longest {@code Retry-After} to honour, zero or more
     * @return this builder
     * @throws IllegalArgumentException when {@code maxRetryAfter} is negative
     */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = nonNegative(maxRetryAfter, "maxRetryAfter");
      return this;
    }

    /**
     * How long after the call a request may still be attempted; positive.
     *
     * @param maxAge the longest age, positive
     * @return this builder
     * @throws IllegalArgumentException when {@code maxAge} is not positive
     */
    public Builder maxAge(Duration maxAge) {
      this.maxAge = nonNegative(maxAge, "maxAge");
      if (maxAge.isZero()) {
        throw new IllegalArgumentException("maxAge must be positive");
      }
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     */
    public RetryPolicy build() {
      return new RetryPolicy(this);
    }

    private static Duration nonNegative(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative()) {
        throw new IllegalArgumentException(what + " must not be negative, was " + d);
      }
      return d;
    }
  }
}
