package io.atrack.servlet;

import java.util.Enumeration;
import java.util.IllformedLocaleException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The client's first language choice from {@code Accept-Language}: the range with the highest
 * q-value (the first of equals), as a BCP 47 tag ({@code de-CH}). Wildcards, q=0, and ranges that
 * are not language tags are skipped. Never throws on header content.
 */
final class AcceptLanguage {
  /** Ranges read at most, over all the header's lines. */
  static final int MAX_RANGES = 50;

  private AcceptLanguage() {}

  static @Nullable String preferred(@Nullable Enumeration<String> headers) {
    if (headers == null) {
      return null;
    }
    String best = null;
    double bestQ = 0;
    int ranges = 0;
    while (headers.hasMoreElements() && ranges < MAX_RANGES) {
      String header = headers.nextElement();
      if (header == null) {
        continue;
      }
      for (String range : header.split(",", MAX_RANGES + 1)) {
        if (++ranges > MAX_RANGES) {
          break;
        }
        String[] parts = range.split(";", -1);
        double q = 1;
        for (int p = 1; p < parts.length; p++) {
          String param = parts[p].strip();
          if (param.length() > 2
              && (param.charAt(0) == 'q' || param.charAt(0) == 'Q')
              && param.charAt(1) == '=') {
            q = qValue(param.substring(2));
          }
        }
        if (q <= bestQ) {
          continue;
        }
        String tag = tag(parts[0].strip());
        if (tag != null) {
          best = tag;
          bestQ = q;
        }
      }
    }
    return best;
  }

  /** RFC 9110 qvalue: 0 to 1 with up to three decimals; -1 when it is not one. */
  private static double qValue(String s) {
    if (s.isEmpty() || s.length() > 5) {
      return -1;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c == '.' && i == 1)) {
        return -1;
      }
    }
    double q = Double.parseDouble(s);
    return q > 1 ? -1 : q;
  }

  private static @Nullable String tag(String range) {
    if (range.isEmpty() || range.length() > 35 || range.equals("*")) {
      return null;
    }
    String candidate = range.replace('_', '-');
    for (int i = 0; i < candidate.length(); i++) {
      char c = candidate.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!ok && c != '-') {
        return null;
      }
    }
    try {
      // Strict, unlike Locale.forLanguageTag, which reads "xx-" as "xx".
      String tag = new Locale.Builder().setLanguageTag(candidate).build().toLanguageTag();
      return tag.equals("und") ? null : tag;
    } catch (IllformedLocaleException e) {
      return null;
    }
  }
}
