package io.atrack.sdk.internal.outbox;

import io.atrack.sdk.RequestKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * The on-disk form of one request. Internal: not API.
 *
 * <pre>
 * offset  size  field
 *      0     4  marker 0x41545231 ("ATR1"), to find records again after damage
 *      4     4  payload length n
 *      8     4  CRC32C of: n, then bytes 12 to 16+n (reserved word and the whole payload)
 *     12     4  reserved (0)
 *     16     1  kind (RequestKind ordinal)
 *     17     1  flags (0)
 *     18     2  uuid length u (bytes, UTF-8)
 *     20     8  accepted at (epoch millis): how old the request is, across restarts
 *     28     8  sequence number, increasing in log order
 *     36     u  uuid
 *   36+u  rest  body: the JSON exactly as the call encoded it (the same eventId on replay)
 * </pre>
 *
 * Records start at multiples of 8; the bytes between are zero. The public key is never written: the
 * client that delivers a record sends its own.
 */
final class Records {
  static final int MARKER = 0x41545231;
  static final int HEADER_BYTES = 16;
  static final int FIXED_PAYLOAD_BYTES = 20;

  private static final RequestKind[] KINDS = RequestKind.values();

  private Records() {}

  /** A record read back. */
  @SuppressWarnings("ArrayRecordComponent") // Handed on once, never compared or hashed.
  record Read(RequestKind kind, String uuid, long acceptedMillis, long seq, byte[] body) {}

  /** The bytes a record with these parts takes, padding included. */
  static int size(int uuidBytes, int bodyBytes) {
    return align(HEADER_BYTES + FIXED_PAYLOAD_BYTES + uuidBytes + bodyBytes);
  }

  static int align(int n) {
    return (n + 7) & ~7;
  }

  static byte[] uuidBytes(String uuid) {
    return uuid.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Writes a record at {@code at} in {@code buf} (absolute puts: the buffer's position is left
   * alone), the header last.
   */
  @SuppressWarnings("EnumOrdinal") // The kind is stored as its ordinal: a stable one-byte code.
  static void write(
      ByteBuffer buf,
      int at,
      RequestKind kind,
      byte[] uuid,
      long acceptedMillis,
      long seq,
      byte[] body) {
    int n = FIXED_PAYLOAD_BYTES + uuid.length + body.length;
    int p = at + HEADER_BYTES;
    buf.put(p, (byte) kind.ordinal());
    buf.put(p + 1, (byte) 0);
    buf.putShort(p + 2, (short) uuid.length);
    buf.putLong(p + 4, acceptedMillis);
    buf.putLong(p + 12, seq);
    buf.put(p + FIXED_PAYLOAD_BYTES, uuid);
    buf.put(p + FIXED_PAYLOAD_BYTES + uuid.length, body);
    buf.putInt(at + 12, 0);
    buf.putInt(at + 8, crc(buf, at + 4, n));
    buf.putInt(at + 4, n);
    buf.putInt(at, MARKER);
  }

  /**
   * The CRC of a record whose payload of {@code n} bytes follows its header at {@code lengthAt -
   * 4}: over the length, then the reserved word and the payload.
   */
  private static int crc(ByteBuffer buf, int lengthAt, int n) {
    CRC32C crc = new CRC32C();
    ByteBuffer len = ByteBuffer.allocate(4).putInt(0, n);
    crc.update(len);
    ByteBuffer payload = buf.duplicate();
    payload.limit(lengthAt + 12 + n).position(lengthAt + 8); // the reserved word, then the payload
    crc.update(payload);
    return (int) crc.getValue();
  }

  /**
   * What is at {@code at}: the record's total size (padded) when a whole, intact record starts
   * there; 0 when only zeros follow up to {@code limit} (the end of the data); -1 when the header
   * is plausible but the record runs past {@code limit} (torn at the end); -2 when the header is
   * plausible and the checksum fails (its size is then {@link #claimedSize}); -3 otherwise.
   */
  static int check(ByteBuffer buf, int at, int limit, int maxPayload) {
    if (at + HEADER_BYTES > limit) {
      return zerosTo(buf, at, limit) ? 0 : -1;
    }
    int marker = buf.getInt(at);
    int n = buf.getInt(at + 4);
    if (marker == 0 && n == 0) {
      return zerosTo(buf, at, limit) ? 0 : -3;
    }
    if (marker != MARKER || n < FIXED_PAYLOAD_BYTES || n > maxPayload) {
      return -3;
    }
    if (at + HEADER_BYTES + n > limit) {
      return -1;
    }
    if (crc(buf, at + 4, n) != buf.getInt(at + 8)) {
      return -2;
    }
    int u = buf.getShort(at + HEADER_BYTES + 2) & 0xffff;
    int kind = buf.get(at + HEADER_BYTES);
    if (u > n - FIXED_PAYLOAD_BYTES || kind < 0 || kind >= KINDS.length) {
      return -2;
    }
    return align(HEADER_BYTES + n);
  }

  /** The padded size a plausible header at {@code at} claims. */
  static int claimedSize(ByteBuffer buf, int at) {
    return align(HEADER_BYTES + buf.getInt(at + 4));
  }

  /** Reads the record at {@code at}, which {@link #check} found intact. */
  static Read read(ByteBuffer buf, int at) {
    int n = buf.getInt(at + 4);
    int p = at + HEADER_BYTES;
    RequestKind kind = KINDS[buf.get(p)];
    int u = buf.getShort(p + 2) & 0xffff;
    long millis = buf.getLong(p + 4);
    long seq = buf.getLong(p + 12);
    byte[] uuid = new byte[u];
    buf.get(p + FIXED_PAYLOAD_BYTES, uuid);
    byte[] body = new byte[n - FIXED_PAYLOAD_BYTES - u];
    buf.get(p + FIXED_PAYLOAD_BYTES + u, body);
    return new Read(kind, new String(uuid, StandardCharsets.UTF_8), millis, seq, body);
  }

  /** Reads and checks the record at {@code at} in a buffer holding just it; null when damaged. */
  static @Nullable Read readOne(ByteBuffer buf, int maxPayload) {
    int size = check(buf, 0, buf.limit(), maxPayload);
    return size > 0 ? read(buf, 0) : null;
  }

  private static boolean zerosTo(ByteBuffer buf, int at, int limit) {
    for (int i = at; i < limit; i++) {
      if (buf.get(i) != 0) {
        return false;
      }
    }
    return true;
  }
}
