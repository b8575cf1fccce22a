package io.atrack.testkit;

/** Keeps test output readable: long bodies and secrets are cut down before printing. */
final class Printable {
  static final int MAX_CHARS = 500;

  private Printable() {}

  /** {@code text}, or its first {@value #MAX_CHARS} characters and how many there are in all. */
  static String abbreviate(String text) {
    if (text.length() <= MAX_CHARS) {
      return text;
    }
    return text.substring(0, MAX_CHARS) + "…(" + text.length() + " chars)";
  }

  /**
   * {@code pub_…a1b2}: enough to tell keys apart in a log, never the whole key. Short values show
   * no characters at all.
   */
  static String maskKey(String key) {
    String prefix = key.startsWith("pub_") ? "pub_" : "";
    String tail = key.length() >= prefix.length() + 8 ? key.substring(key.length() - 4) : "";
    return prefix + "…" + tail;
  }
}
