package io.atrack.sdk.internal.sender;

import io.atrack.sdk.transport.TransportResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keeps the first {@link TransportResponse#MAX_BODY_CHARS} bytes of a response body and counts the
 * rest without keeping it. Reused across a connection's responses; one thread at a time.
 */
final class BodyPrefix {

  static final int MAX = TransportResponse.MAX_BODY_CHARS;

  private byte[] bytes = new byte[0];
  private int count;
  private boolean truncated;

  void reset() {
    count = 0;
    truncated = false;
  }

  boolean isFull() {
    return count == MAX;
  }

  /**
   * Keeps as many of {@code b[off, off + len)} as fit.
   *
   * @return how many were kept; the rest are dropped
   */
  int accept(byte[] b, int off, int len) {
    int kept = Math.min(len, MAX - count);
    if (kept < len) {
      truncated = true;
    }
    if (kept > 0) {
      if (bytes.length < count + kept) {
        // Most answers are a few bytes: grow to the cap only when one needs it.
        bytes = Arrays.copyOf(bytes, count + kept <= 256 ? 256 : MAX);
      }
      System.arraycopy(b, off, bytes, count, kept);
      count += kept;
    }
    return kept;
  }

  /** The kept bytes as UTF-8, without a character cut in half at the end of a truncated body. */
  String decode() {
    return decode(bytes, count, truncated);
  }

  static String decode(byte[] b, int count, boolean truncated) {
    if (count == 0) {
      return "";
    }
    int end = truncated ? completeUtf8End(b, count) : count;
    return new String(b, 0, end, StandardCharsets.UTF_8);
  }

  /** {@code count}, or less so the last UTF-8 sequence in {@code b[0, count)} is whole. */
  static int completeUtf8End(byte[] b, int count) {
    int lead = count - 1;
    // Step back over at most 3 continuation bytes to the sequence's lead byte.
    while (lead > 0 && count - lead < 4 && (b[lead] & 0xC0) == 0x80) {
      lead--;
    }
    int first = b[lead] & 0xFF;
    int length = first < 0x80 ? 1 : first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1;
    return lead + length > count ? lead : count;
  }
}
