package io.atrack.sdk;

/** Argument checks shared by the public value types; each message names the argument and rule. */
final class Validation {
  /** Longest uuid accepted. Long enough for any id scheme, short enough to bound memory. */
  static final int MAX_UUID_LENGTH = 256;

  /** Longest event name accepted. */
  static final int MAX_EVENT_LENGTH = 256;

  private Validation() {}

  static String uuid(String uuid, String what) {
    requireNonNull(uuid, what);
    if (uuid.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    if (uuid.length() > MAX_UUID_LENGTH) {
      throw new IllegalArgumentException(
          what + " is " + uuid.length() + " characters; the limit is " + MAX_UUID_LENGTH);
    }
    noControlCharacters(uuid, what, uuid);
    return uuid;
  }

  static String eventName(String event) {
    requireNonNull(event, "event");
    if (event.isBlank()) {
      throw new IllegalArgumentException("event name must not be blank");
    }
    if (event.length() > MAX_EVENT_LENGTH) {
      throw new IllegalArgumentException(
          "event name is "
              + event.length()
              + " characters; the limit is "
              + MAX_EVENT_LENGTH
              + ": \""
              + Printable.of(event, 40)
              + "\"");
    }
    noControlCharacters(event, "event name", event);
    return event;
  }

  /** Public keys never appear whole in a message, so a bad one is described, not shown. */
  static String publicKey(String key) {
    if (key == null) {
      throw new NullPointerException("publicKey must not be null; pass your project's pub_… key");
    }
    if (key.isBlank()) {
      throw new IllegalArgumentException("publicKey must not be blank");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw new IllegalArgumentException(
            "publicKey "
                + Keys.mask(key)
                + " contains a "
                + (c <= 0x20 || c == 0x7f ? "control or space" : "non-ASCII")
                + " character (U+"
                + String.format("%04X", (int) c)
                + ") at index "
                + i
                + "; a key is printable ASCII");
      }
    }
    return key;
  }

  static <T> T requireNonNull(T value, String what) {
    if (value == null) {
      throw new NullPointerException(what + " must not be null");
    }
    return value;
  }

  /**
   * C0, DEL and C1 (U+0080 to U+009F, NEL among them): a terminal or a log viewer may act on any of
   * them, and none belongs in an id, a name or a header-like value.
   */
  static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
  }

  static void noControlCharacters(String s, String what, String shown) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isControl(c)) {
        throw new IllegalArgumentException(
            what
                + " must not contain control characters; found U+"
                + String.format("%04X", (int) c)
                + " at index "
                + i
                + " in \""
                + Printable.of(shown, 60)
                + "\"");
      }
    }
  }
}
