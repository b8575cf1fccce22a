package io.atrack.sdk.internal.delivery;

import io.atrack.sdk.Keys;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Makes text the SDK did not write (an API answer, a custom transport's exception) fit for a
 * message or log line: the key masked, by value and anything shaped like one ({@code pub_…}), cut,
 * and on one line with every control character escaped.
 *
 * <p>A raw line break, NEL, U+2028 or terminal escape from the network could forge log lines or
 * rewrite an operator's terminal; a transport that puts the request's headers in its exception
 * would print the key. Exceptions whose text names the key are replaced by a copy with the text
 * redacted (same stack trace), so a logger printing the cause chain prints no key either.
 */
final class Redactor {
  private static final int MAX_CHARS = 300;
  private static final Pattern KEY_SHAPED = Pattern.compile("pub_[A-Za-z0-9_\\-]{4,}");
  private static final int MAX_CAUSES = 8;

  private final @Nullable String key;

  Redactor(@Nullable String key) {
    this.key = key == null || key.isEmpty() ? null : key;
  }

  /** {@code text} with the key (and anything shaped like a key) masked, not cut. */
  String mask(String text) {
    String out = key == null ? text : Keys.redact(text, key);
    if (out.indexOf("pub_") < 0) {
      return out;
    }
    Matcher m = KEY_SHAPED.matcher(out);
    StringBuilder sb = new StringBuilder(out.length());
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(Keys.mask(m.group())));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** {@code text} masked, cut to {@value #MAX_CHARS} characters and escaped onto one line. */
  String forMessage(@Nullable String text) {
    return text == null ? "" : shorten(mask(text));
  }

  /** {@code t.toString()} as a message may show it. */
  String describe(Throwable t) {
    return forMessage(t.toString());
  }

  /** {@code e} itself when no text in its cause chain needs masking, else a redacted copy. */
  IOException sanitize(IOException e) {
    if (!leaks(e)) {
      return e;
    }
    IOException copy = new IOException(redactedText(e), sanitizeCause(e.getCause(), 1));
    copy.setStackTrace(e.getStackTrace());
    return copy;
  }

  /** {@code t} itself when no text in its cause chain needs masking, else a redacted copy. */
  Throwable sanitize(Throwable t) {
    if (t instanceof IOException io) {
      return sanitize(io);
    }
    return leaks(t) ? copy(t, 0) : t;
  }

  private @Nullable Throwable sanitizeCause(@Nullable Throwable t, int depth) {
    return t == null ? null : copy(t, depth);
  }

  private Throwable copy(Throwable t, int depth) {
    Throwable cause = depth < MAX_CAUSES ? sanitizeCause(t.getCause(), depth + 1) : null;
    RuntimeException copy = new RuntimeException(redactedText(t), cause);
    copy.setStackTrace(t.getStackTrace());
    return copy;
  }

  /** The original class stays visible: the copy's message starts with its name. */
  private String redactedText(Throwable t) {
    String message = t.getMessage();
    return t.getClass().getName() + (message == null ? "" : ": " + mask(message));
  }

  private boolean leaks(Throwable t) {
    Throwable c = t;
    for (int i = 0; c != null && i <= MAX_CAUSES; i++, c = c.getCause()) {
      String message = c.getMessage();
      if (message != null && !mask(message).equals(message)) {
        return true;
      }
      for (Throwable s : c.getSuppressed()) {
        String sm = s.getMessage();
        if (sm != null && !mask(sm).equals(sm)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String shorten(String s) {
    int end = Math.min(s.length(), MAX_CHARS);
    StringBuilder out = new StringBuilder(end + 16);
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r') {
        out.append(' ');
      } else if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029') {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    return end < s.length() ? out.append('…').toString() : out.toString();
  }
}
