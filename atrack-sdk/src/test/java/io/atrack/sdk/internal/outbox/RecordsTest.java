package io.atrack.sdk.internal.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.RequestKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record format and the recovery scan, on bytes made here: every kind of damage. */
class RecordsTest {
  private static final int MAX_PAYLOAD = 64 * 1024;

  @TempDir Path dir;

  @Test
  void aRecordReadsBackAsWrittenAndItsSizeIsAligned() {
    ByteBuffer buf = ByteBuffer.allocate(4096);
    byte[] body = "{\"eventId\":\"e1\"}".getBytes(StandardCharsets.UTF_8);
    byte[] uuid = Records.uuidBytes("user-é");
    Records.write(buf, 8, RequestKind.ATTRIBUTES, uuid, 1234L, 99L, body);
    int size = Records.check(buf, 8, buf.limit(), MAX_PAYLOAD);
    assertThat(size).isEqualTo(Records.size(uuid.length, body.length)).isEqualTo(64);
    Records.Read r = Records.read(buf, 8);
    assertThat(r.kind()).isEqualTo(RequestKind.ATTRIBUTES);
    assertThat(r.uuid()).isEqualTo("user-é");
    assertThat(r.acceptedMillis()).isEqualTo(1234L);
    assertThat(r.seq()).isEqualTo(99L);
    assertThat(r.body()).isEqualTo(body);
    assertThat(Records.check(buf, 8 + size, buf.limit(), MAX_PAYLOAD))
        .as("zeros: the end")
        .isZero();
  }

  @Test
  void everyFlippedBitOfARecordIsDetected() {
    ByteBuffer buf = ByteBuffer.allocate(256);
    Records.write(buf, 0, RequestKind.EVENT, Records.uuidBytes("u"), 1L, 2L, new byte[] {'{', '}'});
    int size = Records.check(buf, 0, buf.limit(), MAX_PAYLOAD);
    int end = Records.HEADER_BYTES + buf.getInt(4); // the padding after it is not covered
    assertThat(end).isLessThanOrEqualTo(size);
    for (int i = 0; i < end; i++) {
      for (int bit = 0; bit < 8; bit++) {
        buf.put(i, (byte) (buf.get(i) ^ (1 << bit)));
        assertThat(Records.check(buf, 0, buf.limit(), MAX_PAYLOAD))
            .as("byte %d bit %d", i, bit)
            .isNegative();
        buf.put(i, (byte) (buf.get(i) ^ (1 << bit)));
      }
    }
  }

  @Test
  void recoveryResyncsPastAGarbledLengthAndReportsTheDamage() throws Exception {
    int segmentBytes = 64 * 1024;
    Segment s = Segment.create(dir, 1, segmentBytes);
    ByteBuffer map = java.util.Objects.requireNonNull(s.map);
    int at = Segment.HEADER_BYTES;
    int[] offsets = new int[5];
    for (int i = 0; i < 5; i++) {
      offsets[i] = at;
      byte[] body = ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
      Records.write(map, at, RequestKind.EVENT, Records.uuidBytes("u"), 0L, i, body);
      at += Records.size(1, body.length);
    }
    map.putInt(offsets[1] + 4, 0x7fff0000); // record 1's length: garbage, so no skip by length
    s.close();
    s.done(offsets[3]); // acked: not pending

    Recovery r = Recovery.scan(dir, MAX_PAYLOAD);

    assertThat(r.pending)
        .singleElement()
        .satisfies(
            p -> assertThat(p.offsets()).containsExactly(offsets[0], offsets[2], offsets[4]));
    assertThat(r.damagedRecords).isEqualTo(1);
    assertThat(r.damagedBytes).isEqualTo(offsets[2] - offsets[1]);
    assertThat(r.maxSeq).isEqualTo(4);
    r.pending.get(0).segment().close();
  }

  @Test
  void aSegmentWithEverythingAckedIsDeletedByRecovery() throws Exception {
    Segment s = Segment.create(dir, 7, 64 * 1024);
    Records.write(
        java.util.Objects.requireNonNull(s.map),
        Segment.HEADER_BYTES,
        RequestKind.EVENT,
        Records.uuidBytes("u"),
        0L,
        1L,
        new byte[] {'{', '}'});
    s.done(Segment.HEADER_BYTES);
    s.close();

    Recovery r = Recovery.scan(dir, MAX_PAYLOAD);

    assertThat(r.pending).isEmpty();
    assertThat(r.maxId).isEqualTo(7);
    assertThat(Files.exists(Segment.logPath(dir, 7))).isFalse();
    assertThat(Files.exists(Segment.ackPath(dir, 7))).isFalse();
  }
}
