package io.atrack.servlet;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Small readers of request values: the url, cookies, a timezone, a uuid. Never throw on input. */
final class RequestValues {
  private static final Set<String> ZONES = Set.copyOf(ZoneId.getAvailableZoneIds());

  private RequestValues() {}

  /** The path and query as received, undecoded: {@code /pricing?source=google}. */
  static String url(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String query = request.getQueryString();
    if (uri == null) {
      uri = "";
    }
    return query == null ? uri : uri + '?' + query;
  }

  static @Nullable String cookie(HttpServletRequest request, String name) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return null;
    }
    for (Cookie c : cookies) {
      if (name.equals(c.getName())) {
        return c.getValue();
      }
    }
    return null;
  }

  /** An IANA zone id the JDK knows ({@code Europe/Berlin}), percent-decoded; else null. */
  static @Nullable String timezone(@Nullable String value) {
    if (value == null || value.isEmpty() || value.length() > 64) {
      return null;
    }
    String zone = value.strip();
    if (zone.indexOf('%') >= 0) {
      try {
        // A plus is literal in a zone id (Etc/GMT+5), not a space.
        zone = URLDecoder.decode(zone.replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return ZONES.contains(zone) ? zone : null;
  }

  /** Whether {@code s} is a UUID in its 36-character text form (any version, any case). */
  static boolean isUuid(@Nullable String s) {
    if (s == null || s.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') {
          return false;
        }
      } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
