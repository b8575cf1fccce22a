package io.atrack.examples;

/**
 * Keeps public keys out of the demo's output: {@code pub_demo_0123456789abcdef} is shown as {@code
 * pub_…cdef}.
 */
final class KeyMask {
  private KeyMask() {}

  /**
   * The {@code pub_} prefix (when there is one) and the last four characters; never the whole key.
   */
  static String mask(String key) {
    String prefix = key.startsWith("pub_") ? "pub_" : "";
    // A key too short to keep most of it hidden shows nothing of it.
    String tail = key.length() >= prefix.length() + 12 ? key.substring(key.length() - 4) : "";
    return prefix + "…" + tail;
  }

  /** {@code text} with every occurrence of {@code key} masked: for messages we did not write. */
  static String redact(String text, String key) {
    return text.replace(key, mask(key));
  }
}
