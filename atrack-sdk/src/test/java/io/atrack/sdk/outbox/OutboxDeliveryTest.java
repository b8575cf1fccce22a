package io.atrack.sdk.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.ATrackRejectedException;
import io.atrack.sdk.TrackRequest;
import io.atrack.testkit.FakeCollectorExtension;
import io.atrack.testkit.RecordedRequest;
import io.atrack.testkit.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The outbox end to end: delivery, what close() keeps, the next run, the lock, dead letters. */
@Timeout(60)
class OutboxDeliveryTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  @TempDir Path dir;

  @Test
  void deliversEverythingAndLeavesNoSegmentBehind() throws Exception {
    Ledger ledger = new Ledger();
    try (ATrack sdk = Outboxes.against(collector, dir).build()) {
      for (int i = 0; i < 500; i++) {
        ledger.call(sdk, "user-" + i % 7, 5);
      }
      assertThat(sdk.flush().get().failed()).isZero();
      assertThat(sdk.stats().delivered()).isEqualTo(500);
    }
    assertThat(ledger.check(collector.requests(), 10)).isEmpty();
    assertThat(collector.requests()).hasSize(500);
    assertThat(Outboxes.segments(dir)).as("every record done: segments deleted").isEmpty();
  }

  @Test
  void closeKeepsWhatItCouldNotDeliverAndTheNextClientDeliversItFirstInPerUserOrder()
      throws Exception {
    Ledger ledger = new Ledger();
    collector.stop();
    try (ATrack sdk = Outboxes.against(collector, dir).closeTimeout(Duration.ZERO).build()) {
      for (int i = 0; i < 300; i++) {
        ledger.call(sdk, "user-" + i % 5, 4);
      }
      sdk.close();
      for (Ledger.Call c : ledger.calls()) {
        Throwable e = c.future().handle((v, t) -> t).join();
        assertThat(e).isInstanceOf(ATrackRejectedException.class);
        assertThat(((ATrackRejectedException) e).reason())
            .isEqualTo(ATrackRejectedException.Reason.CLOSE_TIMEOUT);
        assertThat(e.getMessage()).contains("stays in the outbox", dir.toString());
      }
      assertThat(sdk.stats().failed()).as("kept, not failed").isZero();
      assertThat(sdk.stats().queued()).as("kept counts as queued").isEqualTo(300);
    }
    assertThat(Outboxes.segments(dir)).isNotEmpty();

    collector.restart();
    try (ATrack next = Outboxes.against(collector, dir).build()) {
      // New calls for the same users while the replay runs: they must queue behind it.
      for (int i = 0; i < 100; i++) {
        ledger.call(next, "user-" + i % 5, 4);
      }
      await().atMost(WAIT).until(() -> next.stats().delivered() >= 400);
      assertThat(next.flush().get().failed()).isZero();
    }
    assertThat(ledger.check(collector.requests(), 10)).isEmpty();
    assertThat(collector.requests()).as("nothing sent twice here").hasSize(400);
    assertThat(Outboxes.segments(dir)).isEmpty();
  }

  @Test
  void aSecondClientOnTheSameDirectoryFailsAtBuildNamingIt() {
    try (ATrack first = Outboxes.against(collector, dir).build()) {
      assertThat(first.enabled()).isTrue();
      assertThatThrownBy(() -> Outboxes.against(collector, dir).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(dir.toAbsolutePath().normalize().toString())
          .hasMessageContaining("in use by another A-Track client");
    }
    // Released by close(): the directory can be taken again.
    try (ATrack again = Outboxes.against(collector, dir).build()) {
      assertThat(again.track(TrackRequest.builder("e").uuid("u").build())).succeedsWithin(WAIT);
    }
  }

  @Test
  void aRefusedRequestIsDeadLetteredWithItsBodyAndNotSentAgain() throws Exception {
    collector.respond(Response.status(400).body("{\"error\":\"bad event\"}"));
    try (ATrack sdk = Outboxes.against(collector, dir).build()) {
      Throwable e =
          sdk.track(TrackRequest.builder("refused").uuid("u1").build()).handle((v, t) -> t).join();
      assertThat(e).isNotNull().isNotInstanceOf(CompletionException.class);
      assertThat(sdk.stats().failed()).isEqualTo(1);
    }
    List<String> lines = Files.readAllLines(dir.resolve("dead-letters.jsonl"));
    assertThat(lines).hasSize(1);
    RecordedRequest sent = collector.requests("/event").get(0);
    assertThat(lines.get(0))
        .contains("\"kind\":\"event\"", "\"status\":400", "\"uuid\":\"u1\"", "\"attempts\":1")
        .contains("\"body\":" + sent.rawBody())
        .doesNotContain(Outboxes.KEY);
    try (ATrack next = Outboxes.against(collector, dir).build()) {
      assertThat(next.flush()).succeedsWithin(WAIT);
    }
    assertThat(collector.requests("/event")).as("a finally failed request is done").hasSize(1);
  }

  @Test
  void aRequestOlderThanOutboxMaxAgeIsGivenUpAndDeadLettered() throws Exception {
    collector.respond(503);
    try (ATrack sdk = Outboxes.against(collector, dir).outboxMaxAge(Duration.ofNanos(1)).build()) {
      Throwable e =
          sdk.track(TrackRequest.builder("old").uuid("u1").build()).handle((v, t) -> t).join();
      assertThat(e).isInstanceOf(io.atrack.sdk.ATrackExpiredException.class);
    }
    assertThat(Files.readAllLines(dir.resolve("dead-letters.jsonl")))
        .singleElement()
        .asString()
        .contains("\"status\":503");
  }

  @Test
  void transientFailuresNeverUseARequestUpWhileTheOutboxIsOn() {
    // Twenty 503s: far more than maxAttempts(3) allows without the outbox.
    int[] statuses = new int[20];
    java.util.Arrays.fill(statuses, 503);
    collector.respond(statuses);
    try (ATrack sdk =
        Outboxes.against(collector, dir)
            .retryPolicy(
                io.atrack.sdk.RetryPolicy.builder()
                    .maxAttempts(3)
                    .initialBackoff(Duration.ofMillis(1))
                    .maxBackoff(Duration.ofMillis(2))
                    .build())
            .build()) {
      assertThat(sdk.track(TrackRequest.builder("patient").uuid("u1").build()))
          .succeedsWithin(WAIT);
    }
    assertThat(collector.requests("/event")).hasSize(21);
  }
}
