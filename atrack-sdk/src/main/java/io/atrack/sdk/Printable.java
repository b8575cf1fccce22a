package io.atrack.sdk;

/** Makes untrusted text safe to put in an exception message: control characters escaped, cut. */
final class Printable {
  private Printable() {}

  static String of(String s, int max) {
    StringBuilder out = new StringBuilder(Math.min(s.length(), max) + 8);
    for (int i = 0; i < s.length() && i < max; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    if (s.length() > max) {
      out.append("…(").append(s.length()).append(" chars)");
    }
    return out.toString();
  }
}
