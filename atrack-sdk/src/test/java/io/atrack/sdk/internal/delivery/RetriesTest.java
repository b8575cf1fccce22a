package io.atrack.sdk.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The retry decisions as pure functions: a fixed clock and a scripted random, no waiting. */
class RetriesTest {
  private static final Instant NOW = Instant.parse("2026-10-21T07:27:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final LongUnaryOperator MAX = LongUnaryOperator.identity();

  @Test
  void retriesOnlyTheTransientStatuses() {
    for (int status = 100; status < 600; status++) {
      boolean transientStatus =
          status == 408
              || status == 429
              || status == 500
              || status == 502
              || status == 503
              || status == 504;
      assertThat(Retries.isRetryableStatus(status))
          .as("status %d", status)
          .isEqualTo(transientStatus);
    }
  }

  @Test
  void successIsExactlyTheTwoHundreds() {
    assertThat(Retries.isSuccess(199)).isFalse();
    assertThat(Retries.isSuccess(200)).isTrue();
    assertThat(Retries.isSuccess(204)).isTrue();
    assertThat(Retries.isSuccess(299)).isTrue();
    assertThat(Retries.isSuccess(300)).isFalse();
    assertThat(Retries.isSuccess(307)).isFalse();
  }

  @Test
  void parsesDelaySeconds() {
    assertThat(Retries.parseRetryAfter("2", CLOCK)).isEqualTo(Duration.ofSeconds(2));
    assertThat(Retries.parseRetryAfter(" 120 ", CLOCK)).isEqualTo(Duration.ofMinutes(2));
    assertThat(Retries.parseRetryAfter("0", CLOCK)).isEqualTo(Duration.ZERO);
    assertThat(Retries.parseRetryAfter("007", CLOCK)).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void readsAnAbsurdlyLongDelayAsHugeWithoutOverflowing() {
    assertThat(Retries.parseRetryAfter("99999999999999999999999", CLOCK))
        .isGreaterThanOrEqualTo(Duration.ofDays(365));
    assertThat(Retries.parseRetryAfter("999999", CLOCK)).isEqualTo(Duration.ofSeconds(999_999));
  }

  @Test
  void parsesAnHttpDateAgainstTheClock() {
    assertThat(Retries.parseRetryAfter("Wed, 21 Oct 2026 07:28:00 GMT", CLOCK))
        .isEqualTo(Duration.ofSeconds(60));
    assertThat(Retries.parseRetryAfter("Wed, 21 Oct 2026 07:27:01 GMT", CLOCK))
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void readsAnHttpDateInThePastAsNoWait() {
    assertThat(Retries.parseRetryAfter("Wed, 21 Oct 2026 07:26:00 GMT", CLOCK))
        .isEqualTo(Duration.ZERO);
    assertThat(Retries.parseRetryAfter("Thu, 01 Jan 1970 00:00:00 GMT", CLOCK))
        .isEqualTo(Duration.ZERO);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        " ",
        "soon",
        "-1",
        "1.5",
        "2s",
        "+3",
        "0x10",
        "Wed, 21 Oct 2026 25:28:00 GMT",
        "2026-10-21T07:28:00Z",
        "Wed, 32 Oct 2026 07:28:00 GMT"
      })
  void ignoresAMissingOrMalformedValue(String value) {
    assertThat(Retries.parseRetryAfter(value, CLOCK)).isNull();
  }

  @Test
  void waitsWhatRetryAfterSaysUpToTheCapWithoutDrawingJitter() {
    RetryPolicy policy = RetryPolicy.builder().maxRetryAfter(Duration.ofSeconds(10)).build();
    LongUnaryOperator noRandom =
        bound -> {
          throw new AssertionError("no jitter when the API said how long to wait");
        };

    assertThat(Retries.delayNanos(policy, 1, "2", CLOCK, noRandom))
        .isEqualTo(TimeUnit.SECONDS.toNanos(2));
    assertThat(Retries.delayNanos(policy, 1, "999999", CLOCK, noRandom))
        .isEqualTo(TimeUnit.SECONDS.toNanos(10));
    assertThat(Retries.delayNanos(policy, 1, "Wed, 21 Oct 2026 07:27:05 GMT", CLOCK, noRandom))
        .isEqualTo(TimeUnit.SECONDS.toNanos(5));
    assertThat(Retries.delayNanos(policy, 1, "Wed, 21 Oct 2026 09:00:00 GMT", CLOCK, noRandom))
        .isEqualTo(TimeUnit.SECONDS.toNanos(10));
    assertThat(Retries.delayNanos(policy, 1, "0", CLOCK, noRandom)).isZero();
  }

  @Test
  void drawsFullJitterUnderAnExponentiallyGrowingCappedBound() {
    RetryPolicy policy =
        RetryPolicy.builder()
            .initialBackoff(Duration.ofMillis(100))
            .multiplier(2)
            .maxBackoff(Duration.ofMillis(1_000))
            .build();
    List<Long> bounds = new ArrayList<>();
    LongUnaryOperator recording =
        bound -> {
          bounds.add(bound);
          return bound / 2;
        };

    for (int retry = 1; retry <= 6; retry++) {
      assertThat(Retries.delayNanos(policy, retry, null, CLOCK, recording))
          .isEqualTo(bounds.get(retry - 1) / 2);
    }
    assertThat(bounds).containsExactly(ms(100), ms(200), ms(400), ms(800), ms(1_000), ms(1_000));
  }

  @Test
  void fallsBackToBackoffForAMalformedRetryAfter() {
    RetryPolicy policy = RetryPolicy.builder().initialBackoff(Duration.ofMillis(50)).build();

    assertThat(Retries.delayNanos(policy, 1, "soon", CLOCK, MAX)).isEqualTo(ms(50));
    assertThat(Retries.delayNanos(policy, 2, "", CLOCK, MAX)).isEqualTo(ms(100));
  }

  @Test
  void waitsNothingWithAZeroBackoffWithoutDrawingJitter() {
    RetryPolicy policy = RetryPolicy.builder().initialBackoff(Duration.ZERO).build();

    assertThat(
            Retries.delayNanos(
                policy,
                3,
                null,
                CLOCK,
                bound -> {
                  throw new AssertionError("no jitter for a zero bound");
                }))
        .isZero();
  }

  @Test
  void keepsAHugeRetryCountAtTheMaximumBackoff() {
    RetryPolicy policy = RetryPolicy.builder().maxBackoff(Duration.ofSeconds(30)).build();

    assertThat(Retries.delayNanos(policy, 10_000, null, CLOCK, MAX))
        .isEqualTo(TimeUnit.SECONDS.toNanos(30));
  }

  @RepeatedTest(5)
  void jitterStaysWithinItsBoundInclusive() {
    for (int i = 0; i < 10_000; i++) {
      assertThat(Retries.jitter(3)).isBetween(0L, 3L);
    }
    assertThat(Retries.jitter(0)).isZero();
  }

  private static long ms(long millis) {
    return TimeUnit.MILLISECONDS.toNanos(millis);
  }
}
