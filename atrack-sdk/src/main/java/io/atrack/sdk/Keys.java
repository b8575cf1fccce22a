package io.atrack.sdk;

/**
 * Masks public keys: no key ever appears whole in the SDK's log lines, messages or {@code
 * toString()}s. Use it when your own code prints a key. Thread-safe, stateless.
 */
public final class Keys {
  private Keys() {}

  /**
   * {@code pub_live_8f3ka1b2} becomes {@code pub_…a1b2}: the {@code pub_} prefix and the last four
   * characters, shown only when at least eight follow the prefix; a shorter key shows only {@code
   * pub_…}. The test kit's {@code RecordedRequest.toString()} masks the same way.
   *
   * @param key the key
   * @return the masked key, never the whole key
   */
  public static String mask(String key) {
    java.util.Objects.requireNonNull(key, "key");
    String prefix = key.startsWith("pub_") ? "pub_" : "";
    String tail = key.length() >= prefix.length() + 8 ? key.substring(key.length() - 4) : "";
    return prefix + "…" + tail;
  }

  /**
   * {@code text} with every occurrence of {@code key} masked: for messages the SDK did not write.
   *
   * @param text the text to clean, for example a foreign exception's message
   * @param key the key to hide
   * @return {@code text} with every occurrence of {@code key} masked
   */
  public static String redact(String text, String key) {
    return key.isEmpty() ? text : text.replace(key, mask(key));
  }
}
