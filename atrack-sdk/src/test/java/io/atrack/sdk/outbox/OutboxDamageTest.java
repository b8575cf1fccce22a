package io.atrack.sdk.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.LogCapture;
import io.atrack.sdk.RequestKind;
import io.atrack.testkit.FakeCollectorExtension;
import io.atrack.testkit.RecordedRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged outbox files, as a crash mid-write or a bad disk leave them: the damage is detected by
 * the checksum, skipped and reported, and everything else is delivered.
 */
@Timeout(60)
class OutboxDamageTest {
  private static final int CALLS = 50;
  private static final String OUTBOX_LOGGER = "io.atrack.sdk.internal.outbox.Outbox";

  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  @TempDir Path dir;

  @Test
  void aTruncatedSegmentDeliversEveryWholeRecordAndReportsTheTornOne() throws Exception {
    leaveCallsInTheOutbox();
    Path segment = Outboxes.segments(dir).get(0);
    List<Integer> offsets = recordOffsets(segment);
    assertThat(offsets).hasSize(CALLS);
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      ch.truncate(offsets.get(CALLS - 1) + 40); // the last record torn in the middle
    }
    try (LogCapture log = LogCapture.everything(OUTBOX_LOGGER)) {
      assertThat(deliveredSeqs()).isEqualTo(seqsExcept(CALLS - 1));
      assertThat(log.warnings())
          .anySatisfy(
              w ->
                  assertThat(w)
                      .contains(segment.getFileName().toString(), "skipped 40 byte(s)")
                      .contains("at least 1 record(s)", "the other " + (CALLS - 1)));
    }
  }

  @Test
  void aBitFlipInOneRecordSkipsOnlyThatRecord() throws Exception {
    leaveCallsInTheOutbox();
    Path segment = Outboxes.segments(dir).get(0);
    List<Integer> offsets = recordOffsets(segment);
    int victim = 17;
    int at = offsets.get(victim) + 60; // inside the body
    try (FileChannel ch =
        FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, at);
      b.put(0, (byte) (b.get(0) ^ 0x10)).rewind();
      ch.write(b, at);
    }
    try (LogCapture log = LogCapture.everything(OUTBOX_LOGGER)) {
      assertThat(deliveredSeqs()).isEqualTo(seqsExcept(victim));
      int size = offsets.get(victim + 1) - offsets.get(victim);
      assertThat(log.warnings())
          .anySatisfy(w -> assertThat(w).contains("skipped " + size + " byte(s)", "1 record(s)"));
    }
  }

  @Test
  void anUnreadableFileIsSetAsideAndNeverStopsTheClient() throws Exception {
    leaveCallsInTheOutbox();
    Path garbage = dir.resolve("segment-0000000099.log");
    Files.write(garbage, "not a segment at all".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    try (LogCapture log = LogCapture.everything(OUTBOX_LOGGER)) {
      assertThat(deliveredSeqs()).isEqualTo(seqsExcept(-1));
      assertThat(log.warnings())
          .anySatisfy(
              w -> assertThat(w).contains("segment-0000000099.log", "set aside", ".unreadable"));
    }
    assertThat(dir.resolve("segment-0000000099.log.unreadable")).exists();
    assertThat(garbage).doesNotExist();
  }

  /** Calls made while the collector is down, kept in the outbox by close(). */
  private void leaveCallsInTheOutbox() {
    collector.stop();
    Ledger ledger = new Ledger();
    try (ATrack sdk = Outboxes.against(collector, dir).closeTimeout(Duration.ZERO).build()) {
      for (int i = 0; i < CALLS; i++) {
        ledger.call(sdk, "user-1", 0);
      }
    }
    collector.restart();
  }

  /** The seqs a new client on the outbox delivers. */
  private Set<Object> deliveredSeqs() throws Exception {
    try (ATrack sdk = Outboxes.against(collector, dir).build()) {
      assertThat(sdk.flush()).succeedsWithin(Duration.ofSeconds(30));
      assertThat(sdk.stats().failed()).isZero();
    }
    return collector.requests().stream()
        .map(RecordedRequest::body)
        .map(b -> ((Map<?, ?>) b.get("attributes")).get("seq"))
        .collect(Collectors.toSet());
  }

  private static Set<Object> seqsExcept(int missing) {
    Set<Object> all = new java.util.HashSet<>();
    for (int i = 0; i < CALLS; i++) {
      if (i != missing) {
        all.add(i);
      }
    }
    return all;
  }

  /** Where each record of a segment starts, walking the headers as the format describes. */
  static List<Integer> recordOffsets(Path segment) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(segment));
    List<Integer> offsets = new ArrayList<>();
    int at = 16;
    while (at + 16 <= b.limit() && b.getInt(at) == 0x41545231) {
      offsets.add(at);
      at += (16 + b.getInt(at + 4) + 7) & ~7;
    }
    return offsets;
  }

  @SuppressWarnings("unused")
  private static final RequestKind KIND = RequestKind.EVENT;
}
