package io.atrack.sdk.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atrack.sdk.ATrack;
import io.atrack.testkit.FakeCollectorExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A collector that is down while ten times the memory queue's capacity is tracked. */
class OutboxOutageTest {
  private static final int MAX_QUEUE_SIZE = 100;

  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  @TempDir Path dir;

  @Test
  @Timeout(90)
  void nothingIsRejectedWhileTheOutboxHasRoomAndAllIsDeliveredWhenTheCollectorIsBack()
      throws Exception {
    Ledger ledger = new Ledger();
    collector.stop();
    try (ATrack sdk = Outboxes.against(collector, dir).maxQueueSize(MAX_QUEUE_SIZE).build()) {
      for (int i = 0; i < 10 * MAX_QUEUE_SIZE; i++) {
        ledger.call(sdk, "user-" + i % 10, 4);
      }
      assertThat(sdk.stats().rejected()).isZero();
      assertThat(ledger.calls()).noneMatch(c -> c.future().isDone());
      // Down for long enough that the SDK demonstrably failed and retried.
      await().atMost(Duration.ofSeconds(30)).until(() -> sdk.stats().retried() >= 200);
      assertThat(sdk.stats().queued() + sdk.stats().inFlight()).isEqualTo(10 * MAX_QUEUE_SIZE);

      collector.restart();
      assertThat(sdk.flush()).succeedsWithin(Duration.ofSeconds(60));
      assertThat(sdk.stats().delivered()).isEqualTo(10 * MAX_QUEUE_SIZE);
      assertThat(sdk.stats().failed()).isZero();
      assertThat(ledger.calls())
          .allMatch(c -> c.future().isDone())
          .noneMatch(c -> c.future().isCompletedExceptionally());
    }
    assertThat(ledger.check(collector.requests(), 10)).isEmpty();
    assertThat(Outboxes.segments(dir)).isEmpty();
  }
}
