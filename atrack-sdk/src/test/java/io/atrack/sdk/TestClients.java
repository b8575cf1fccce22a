package io.atrack.sdk;

import io.atrack.testkit.FakeCollector;
import java.time.Duration;

/** Clients pointed at a fake collector, with test-friendly timings and no shutdown hook. */
final class TestClients {
  static final String KEY = "pub_test_0123456789abcdef";

  private TestClients() {}

  static ATrackBuilder against(FakeCollector collector) {
    return ATrack.builder()
        .publicKey(KEY)
        .baseUrl(collector.baseUrl())
        .shutdownHook(false)
        .closeTimeout(Duration.ofSeconds(5))
        .retryPolicy(
            RetryPolicy.builder()
                .initialBackoff(Duration.ofMillis(2))
                .maxBackoff(Duration.ofMillis(20))
                .build());
  }
}
