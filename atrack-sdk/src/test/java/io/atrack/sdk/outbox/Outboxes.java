package io.atrack.sdk.outbox;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.ATrackBuilder;
import io.atrack.sdk.RetryPolicy;
import io.atrack.testkit.FakeCollector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** Clients with an outbox against a fake collector, with test timings; and file helpers. */
final class Outboxes {
  static final String KEY = "pub_live_8f3k9x7q2a1b2";

  private Outboxes() {}

  /** Retries after 1–20 ms, no shutdown hook, the outbox in {@code dir}. */
  static ATrackBuilder against(FakeCollector collector, Path dir) {
    return ATrack.builder()
        .publicKey(KEY)
        .baseUrl(collector.baseUrl())
        .shutdownHook(false)
        .closeTimeout(Duration.ofSeconds(10))
        .retryPolicy(
            RetryPolicy.builder()
                .initialBackoff(Duration.ofMillis(2))
                .maxBackoff(Duration.ofMillis(20))
                .build())
        .outbox(dir);
  }

  /** The segment files in {@code dir}, oldest first. */
  static List<Path> segments(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().matches("segment-\\d+\\.log"))
          .sorted()
          .toList();
    }
  }
}
