package io.atrack.sdk.delivery;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.ATrackBuilder;
import io.atrack.sdk.RetryPolicy;
import io.atrack.testkit.FakeCollector;
import io.atrack.testkit.RecordedRequest;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Clients pointed at a fake collector with test timings (retry backoff in milliseconds, no shutdown
 * hook), and the thread and body helpers the delivery tests share.
 */
final class DeliveryClients {
  /** Long enough that {@code pub_…} plus the last four characters is what a mask shows. */
  static final String KEY = "pub_live_8f3k9x7q2a1b2";

  static final String MASKED_KEY = "pub_…a1b2";

  private DeliveryClients() {}

  /** A client builder for {@code collector}: fast retries (1–20 ms), no shutdown hook. */
  static ATrackBuilder against(FakeCollector collector) {
    return ATrack.builder()
        .publicKey(KEY)
        .baseUrl(collector.baseUrl())
        .shutdownHook(false)
        .closeTimeout(Duration.ofSeconds(10))
        .retryPolicy(fastRetry().build());
  }

  /**
   * A client builder for a child JVM's program: the test key, {@code baseUrl}, fast retries, and
   * the shutdown hook left on, as a program that does not close its client relies on.
   */
  static ATrackBuilder inChild(String baseUrl) {
    return ATrack.builder().publicKey(KEY).baseUrl(baseUrl).retryPolicy(fastRetry().build());
  }

  /** Retries after 1–20 ms (full jitter), 8 attempts. */
  static RetryPolicy.Builder fastRetry() {
    return RetryPolicy.builder()
        .initialBackoff(Duration.ofMillis(2))
        .maxBackoff(Duration.ofMillis(20));
  }

  /** Retries for as long as a test can run: for "nothing is ever lost" tests. */
  static RetryPolicy patientRetry() {
    return fastRetry().maxAttempts(1_000_000).maxAge(Duration.ofMinutes(5)).build();
  }

  /** Every live thread whose name marks it as the SDK's ({@code atrack-…}). */
  static Set<Thread> sdkThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(t -> t.getName().startsWith("atrack-"))
        .collect(Collectors.toSet());
  }

  /** The SDK threads alive now that were not in {@code before}, by name, for messages. */
  static List<String> sdkThreadsStartedSince(Set<Thread> before) {
    Set<Thread> now = new HashSet<>(sdkThreads());
    now.removeAll(before);
    return now.stream().map(Thread::getName).sorted().toList();
  }

  /** The {@code eventId} of an {@code /event} request. */
  static String eventId(RecordedRequest request) {
    return (String) request.body().get("eventId");
  }

  /** The {@code attributes} object of a request body. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> attributes(Map<String, Object> body) {
    return (Map<String, Object>) body.get("attributes");
  }

  /**
   * Waits up to 10 s for {@code future} to fail and returns why.
   *
   * @throws AssertionError when it completes normally or does not complete in time
   */
  static Throwable failureOf(CompletableFuture<?> future) {
    try {
      future.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("the future did not complete within 10 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    throw new AssertionError("the future completed normally; expected a failure");
  }

  /** The failure of a future that is already done, or null when it is not done or succeeded. */
  static Throwable failureNow(CompletableFuture<?> future) {
    if (!future.isCompletedExceptionally()) {
      return null;
    }
    return future.handle((v, e) -> e).getNow(null);
  }

  /** The root cause chain's messages and {@code toString()}s, for "never says X" checks. */
  static String describeChain(Throwable t) {
    StringBuilder sb = new StringBuilder();
    Set<Throwable> seen = new HashSet<>();
    for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
      sb.append(c).append('\n');
      for (Throwable s : c.getSuppressed()) {
        sb.append(describeChain(s));
      }
    }
    return sb.toString();
  }
}
