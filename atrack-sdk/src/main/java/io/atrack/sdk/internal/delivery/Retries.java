package io.atrack.sdk.internal.delivery;

import io.atrack.sdk.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The one place that decides what is retried and how long to wait. Internal: not API.
 *
 * <p>Pure functions of their inputs (status, attempt, {@code Retry-After}, clock, randomness), so
 * tests cover every branch in microseconds without waiting.
 */
final class Retries {
  private Retries() {}

  /** Whether an answer with {@code status} may succeed if sent again. */
  public static boolean isRetryableStatus(int status) {
    return switch (status) {
      case 408, 429, 500, 502, 503, 504 -> true;
      default -> false;
    };
  }

  /** Whether {@code status} means the request was accepted. */
  public static boolean isSuccess(int status) {
    return status >= 200 && status < 300;
  }

  /**
   * How long to wait before retry {@code retry} (1 for the first), in nanoseconds: the capped
   * {@code Retry-After} when the API sent a valid one, else full-jitter backoff. {@code random}
   * maps a bound {@code n} to a uniform value in {@code [0, n]}.
   */
  public static long delayNanos(
      RetryPolicy policy,
      int retry,
      @Nullable String retryAfter,
      Clock clock,
      LongUnaryOperator random) {
    Duration told = parseRetryAfter(retryAfter, clock);
    if (told != null) {
      return Math.min(told.toNanos(), policy.maxRetryAfter().toNanos());
    }
    long cap = policy.backoffCapNanos(retry);
    return cap <= 0 ? 0 : random.applyAsLong(cap);
  }

  /** Uniform in {@code [0, bound]}, from the thread's own generator. */
  public static long jitter(long bound) {
    return ThreadLocalRandom.current().nextLong(bound + 1);
  }

  /**
   * The wait a {@code Retry-After} value asks for: delay-seconds ({@code "2"}) or an HTTP date
   * ({@code "Wed, 21 Oct 2026 07:28:00 GMT"}, measured against {@code clock}; a date in the past
   * means zero). Null when absent or malformed, so the caller falls back to backoff.
   */
  public static @Nullable Duration parseRetryAfter(@Nullable String value, Clock clock) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    if (v.isEmpty()) {
      return null;
    }
    if (isDigits(v)) {
      if (v.length() > 9) {
        return Duration.ofSeconds(999_999_999L); // absurdly long: capped by the caller
      }
      return Duration.ofSeconds(Long.parseLong(v));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(clock.instant(), at);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static boolean isDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
