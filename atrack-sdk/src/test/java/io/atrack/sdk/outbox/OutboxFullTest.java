package io.atrack.sdk.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.ATrackBuilder;
import io.atrack.sdk.ATrackRejectedException;
import io.atrack.sdk.QueueFullPolicy;
import io.atrack.sdk.RequestKind;
import io.atrack.testkit.FakeCollectorExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Disk full": a tiny {@code outboxMaxBytes}. The queue-full policy applies, counted, and what was
 * accepted is intact: the next client delivers exactly that.
 */
@Timeout(90)
class OutboxFullTest {
  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  @TempDir Path dir;

  @Test
  void aFullOutboxRejectsAndWhatItAcceptedReplaysIntact() throws Exception {
    assertRejectsWhenFullAndReplays(QueueFullPolicy.REJECT);
  }

  @Test
  void aFullOutboxBlocksUpToBlockTimeoutThenRejects() throws Exception {
    assertRejectsWhenFullAndReplays(QueueFullPolicy.BLOCK);
  }

  private void assertRejectsWhenFullAndReplays(QueueFullPolicy policy) throws Exception {
    collector.stop();
    Ledger calls = new Ledger(900);
    Ledger accepted = new Ledger();
    int rejected = 0;
    ATrackBuilder builder =
        Outboxes.against(collector, dir)
            .outboxMaxBytes(ATrackBuilder.MIN_OUTBOX_MAX_BYTES)
            .queueFullPolicy(policy)
            .blockTimeout(Duration.ofMillis(20))
            .closeTimeout(Duration.ZERO);
    try (ATrack sdk = builder.build()) {
      // 1 MiB of ~1.1 KiB records holds under a thousand: calls until 30 were rejected.
      for (int i = 0; i < 3_000 && rejected < 30; i++) {
        Ledger.Call c = calls.call(sdk, "user-" + i % 3, 0);
        Throwable e = c.future().isDone() ? c.future().handle((v, t) -> t).join() : null;
        if (e instanceof ATrackRejectedException r) {
          assertThat(r.reason()).isEqualTo(ATrackRejectedException.Reason.QUEUE_FULL);
          assertThat(r.getMessage()).contains("outbox", "outboxMaxBytes=1048576");
          rejected++;
        } else {
          accepted.made(c.uuid(), c.seq(), RequestKind.EVENT);
        }
      }
      assertThat(rejected).isPositive();
      assertThat(sdk.stats().rejected()).isEqualTo(rejected);
      assertThat(accepted.calls().size()).isBetween(500, 1_000);
    }
    collector.restart();
    try (ATrack next = Outboxes.against(collector, dir).build()) {
      assertThat(next.flush()).succeedsWithin(Duration.ofSeconds(30));
      assertThat(next.stats().delivered()).isEqualTo(accepted.calls().size());
    }
    assertThat(accepted.check(collector.requests(), 10)).isEmpty();
    assertThat(collector.requests()).hasSize(accepted.calls().size());
  }
}
