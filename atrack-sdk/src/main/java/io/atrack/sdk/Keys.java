package io.atrack.sdk;

/** Masks public keys: no key ever appears whole in a log line, message or {@code toString()}. */
final class Keys {
  private Keys() {}

  /**
   * {@code pub_live_8f3ka1b2} becomes {@code pub_…a1b2}: the {@code pub_} prefix and the last four
   * characters, shown only when at least eight follow the prefix; a shorter key shows only {@code
   * pub_…}. The test kit's {@code RecordedRequest.toString()} masks the same way.
   */
  static String mask(String key) {
    String prefix = key.startsWith("pub_") ? "pub_" : "";
    String tail = key.length() >= prefix.length() + 8 ? key.substring(key.length() - 4) : "";
    return prefix + "…" + tail;
  }
}
