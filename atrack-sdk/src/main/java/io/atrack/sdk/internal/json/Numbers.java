package io.atrack.sdk.internal.json;

/** Writes integers as ASCII digits straight into a byte array, with no {@code String} between. */
final class Numbers {
  /** {@code "-9223372036854775808"}. */
  static final int MAX_LONG_CHARS = 20;

  private static final byte[] MIN_LONG = {
    '-', '9', '2', '2', '3', '3', '7', '2', '0', '3', '6', '8', '5', '4', '7', '7', '5', '8', '0',
    '8'
  };

  private Numbers() {}

  /** How many bytes {@link #writeLong} writes for {@code v}. */
  static int size(long v) {
    if (v == Long.MIN_VALUE) {
      return MIN_LONG.length;
    }
    int sign = 0;
    if (v < 0) {
      sign = 1;
      v = -v;
    }
    long limit = 10;
    for (int digits = 1; digits < 19; digits++) {
      if (v < limit) {
        return sign + digits;
      }
      limit *= 10;
    }
    return sign + 19;
  }

  /**
   * Writes {@code v} in decimal at {@code pos}, as {@link Long#toString(long)} would, and returns
   * the position after it. {@code dst} must have room for {@link #size(long)} bytes.
   */
  static int writeLong(long v, byte[] dst, int pos) {
    if (v == Long.MIN_VALUE) {
      System.arraycopy(MIN_LONG, 0, dst, pos, MIN_LONG.length);
      return pos + MIN_LONG.length;
    }
    int end = pos + size(v);
    if (v < 0) {
      dst[pos] = '-';
      v = -v;
    }
    int i = end;
    while (v >= 10) {
      long q = v / 10;
      dst[--i] = (byte) ('0' + (int) (v - q * 10));
      v = q;
    }
    dst[--i] = (byte) ('0' + (int) v);
    return end;
  }
}
