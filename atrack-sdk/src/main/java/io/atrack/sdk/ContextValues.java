package io.atrack.sdk;

import org.jspecify.annotations.Nullable;

/**
 * Cleans context values, which come from the outside world (request headers): never throws. Control
 * characters become spaces, the value is trimmed and cut to a limit; blank becomes null.
 */
final class ContextValues {
  private ContextValues() {}

  static @Nullable String clean(@Nullable String value, int max) {
    if (value == null) {
      return null;
    }
    int length = value.length();
    boolean clean = length <= max && length > 0;
    for (int i = 0; clean && i < length; i++) {
      clean = !isControl(value.charAt(i));
    }
    // The common case, a short clean header value, allocates nothing.
    if (clean && value.charAt(0) > ' ' && value.charAt(length - 1) > ' ') {
      return value;
    }
    StringBuilder out = new StringBuilder(Math.min(length, max));
    for (int i = 0; i < length && out.length() < max; i++) {
      char c = value.charAt(i);
      out.append(isControl(c) ? ' ' : c);
    }
    String cut = out.toString().strip();
    if (cut.isEmpty()) {
      return null;
    }
    // Never end on the first half of a surrogate pair that the cut separated from its second.
    int end = cut.length();
    if (length > max && Character.isHighSurrogate(cut.charAt(end - 1))) {
      cut = cut.substring(0, end - 1).strip();
    }
    return cut.isEmpty() ? null : cut;
  }

  /** C0 controls, DEL and C1 controls: never wanted in a header-derived value. */
  static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
  }
}
