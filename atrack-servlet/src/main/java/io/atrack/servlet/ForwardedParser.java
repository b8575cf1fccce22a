package io.atrack.servlet;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads one RFC 7239 {@code Forwarded} header value element by element, keeping each element's
 * {@code for} value (quotes and escapes removed). Lenient about whitespace; anything else that is
 * not in the grammar marks the header failed. Not thread-safe; one per header value.
 */
final class ForwardedParser {
  private final String s;
  private int i;
  private boolean failed;

  ForwardedParser(String header) {
    this.s = header;
  }

  boolean hasMoreElements() {
    skipSpaces();
    return !failed && i < s.length();
  }

  boolean failed() {
    return failed;
  }

  /** Reads the next element; returns its {@code for} value, or null if it has none. */
  @Nullable String nextElementFor() {
    String forValue = null;
    boolean sawFor = false;
    while (true) {
      skipSpaces();
      if (i >= s.length() || s.charAt(i) == ',') {
        break;
      }
      if (s.charAt(i) == ';') {
        i++;
        continue;
      }
      int nameStart = i;
      while (i < s.length() && isTokenChar(s.charAt(i))) {
        i++;
      }
      if (i == nameStart) {
        return fail();
      }
      String name = s.substring(nameStart, i).toLowerCase(Locale.ROOT);
      skipSpaces();
      if (i >= s.length() || s.charAt(i) != '=') {
        return fail();
      }
      i++;
      skipSpaces();
      String value = value();
      if (value == null) {
        return fail();
      }
      if (name.equals("for")) {
        if (sawFor) {
          return fail(); // two "for" in one element: which hop is it?
        }
        sawFor = true;
        forValue = value;
      }
      skipSpaces();
      if (i < s.length() && s.charAt(i) != ';' && s.charAt(i) != ',') {
        return fail();
      }
    }
    if (i < s.length()) {
      i++; // the comma
    }
    return forValue;
  }

  private @Nullable String value() {
    if (i >= s.length()) {
      return null;
    }
    if (s.charAt(i) == '"') {
      StringBuilder out = new StringBuilder();
      i++;
      while (i < s.length()) {
        char c = s.charAt(i++);
        if (c == '"') {
          return out.toString();
        }
        if (c == '\\') {
          if (i >= s.length()) {
            return null;
          }
          c = s.charAt(i++);
        }
        out.append(c);
      }
      return null; // no closing quote
    }
    int start = i;
    // Tokens, leniently with the characters an unquoted address with a port or brackets has.
    while (i < s.length() && (isTokenChar(s.charAt(i)) || ":[]".indexOf(s.charAt(i)) >= 0)) {
      i++;
    }
    return i == start ? null : s.substring(start, i);
  }

  private @Nullable String fail() {
    failed = true;
    i = s.length();
    return null;
  }

  private void skipSpaces() {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
  }

  private static boolean isTokenChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
