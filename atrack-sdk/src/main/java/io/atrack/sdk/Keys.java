package io.atrack.sdk;

/** Masks public keys: no key ever appears whole in a log line, message or {@code toString()}. */
final class Keys {
  private Keys() {}

  /**
   * {@code pub_live_8f3ka1b2} becomes {@code pub_…a1b2}: the prefix up to the first underscore
   * (when short) and the last four characters; a key too short to keep four characters hidden
   * shows only {@code …}.
   */
  static String mask(String key) {
    int underscore = key.indexOf('_');
    String prefix = underscore > 0 && underscore <= 4 ? key.substring(0, underscore + 1) : "";
    if (key.length() - prefix.length() < 12) {
      return prefix + "…";
    }
    return prefix + "…" + key.substring(key.length() - 4);
  }
}
