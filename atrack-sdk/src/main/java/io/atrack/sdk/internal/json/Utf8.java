package io.atrack.sdk.internal.json;

/**
 * Encodes the content of JSON strings straight from {@code char}s into UTF-8 bytes.
 *
 * <p>Escapes exactly what JSON requires, as Jackson does by default: {@code "} and {@code \}, and
 * the control characters below U+0020 ({@code \b \t \n \f \r} in their short forms, the others as
 * {@code \}{@code u00XX} with upper-case hex digits). Everything else is written as UTF-8,
 * including U+007F, U+2028 and U+2029 (valid JSON; escaping them only matters for JSON pasted into
 * JavaScript source, never for a request body). A surrogate pair (an emoji) becomes one 4-byte
 * sequence, as {@code JSON.stringify} plus UTF-8 does in Node.js; Jackson 2 writes two escapes
 * unless {@code COMBINE_UNICODE_SURROGATES_IN_UTF8} is enabled.
 *
 * <p>An unpaired surrogate cannot be encoded as UTF-8, so it is written as a {@code \}{@code
 * uD8XX}-style escape, as Jackson's UTF-8 writer does too (and {@code JSON.stringify}, in lower
 * case): the JSON grammar allows it, and {@code JSON.parse} gives back the same {@code char}s the
 * caller had. Jackson's parser (2.23) accepts it in values but not in member names. ({@code
 * String.getBytes(UTF_8)} would write {@code ?} instead.)
 */
final class Utf8 {
  /**
   * Worst case: a control character or an unpaired surrogate, written as {@code \}{@code uXXXX}.
   */
  static final int MAX_BYTES_PER_CHAR = 6;

  private static final byte[] HEX = {
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'
  };

  /**
   * For each ASCII char: 0 when written as is, {@code 'u'} for the long escape, else the letter of
   * the short escape ({@code n} for a line feed, {@code "} for a quote).
   */
  private static final byte[] ESCAPES = new byte[128];

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPES[c] = 'u';
    }
    ESCAPES['\b'] = 'b';
    ESCAPES['\t'] = 't';
    ESCAPES['\n'] = 'n';
    ESCAPES['\f'] = 'f';
    ESCAPES['\r'] = 'r';
    ESCAPES['"'] = '"';
    ESCAPES['\\'] = '\\';
  }

  private Utf8() {}

  /**
   * Copies the leading chars of {@code s} that need neither escaping nor multi-byte encoding,
   * starting at {@code from}, and returns how far it got. {@code dst} must have room for all of
   * {@code s} from {@code pos}, one byte per char.
   */
  static int copyPlainAscii(String s, int from, byte[] dst, int pos) {
    int len = s.length();
    int i = from;
    for (; i < len; i++) {
      char c = s.charAt(i);
      if (c >= 0x80 || ESCAPES[c] != 0) {
        break;
      }
      dst[pos++] = (byte) c;
    }
    return i;
  }

  /**
   * Encodes chars {@code [from, to)} of {@code s}, escaped, into {@code dst} at {@code pos} and
   * returns the position after the last byte. {@code dst} must have room for {@value
   * #MAX_BYTES_PER_CHAR} bytes per char. A surrogate pair split by {@code to} is treated as two
   * unpaired surrogates, so callers cut between pairs.
   */
  static int encode(String s, int from, int to, byte[] dst, int pos) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        byte escape = ESCAPES[c];
        if (escape == 0) {
          dst[pos++] = (byte) c;
        } else if (escape == 'u') {
          pos = unicodeEscape(c, dst, pos);
        } else {
          dst[pos++] = '\\';
          dst[pos++] = escape;
        }
      } else if (c < 0x800) {
        dst[pos++] = (byte) (0xC0 | (c >> 6));
        dst[pos++] = (byte) (0x80 | (c & 0x3F));
      } else if (!Character.isSurrogate(c)) {
        dst[pos++] = (byte) (0xE0 | (c >> 12));
        dst[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        dst[pos++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < to
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        dst[pos++] = (byte) (0xF0 | (cp >> 18));
        dst[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        dst[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        dst[pos++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        pos = unicodeEscape(c, dst, pos);
      }
    }
    return pos;
  }

  private static int unicodeEscape(char c, byte[] dst, int pos) {
    dst[pos++] = '\\';
    dst[pos++] = 'u';
    dst[pos++] = HEX[(c >> 12) & 0xF];
    dst[pos++] = HEX[(c >> 8) & 0xF];
    dst[pos++] = HEX[(c >> 4) & 0xF];
    dst[pos++] = HEX[c & 0xF];
    return pos;
  }
}
