package io.atrack.testkit;

import com.sun.net.httpserver.Headers;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shares the strings that repeat in every request (method, path, header names and most values), so
 * a stress test's 200,000 recorded requests cost a few hundred bytes each, not kilobytes: the JDK
 * gives every request fresh copies, and keeping those made young collections copy gigabytes.
 */
final class Canonical {
  private static final int MAX_ENTRIES = 4096;
  private static final int MAX_LENGTH = 256;
  private static final ConcurrentHashMap<String, String> strings = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<String, String> lowerCaseNames = new ConcurrentHashMap<>();

  private Canonical() {}

  /** The shared copy of {@code s}, or {@code s} itself when it is long or the cache is full. */
  static String of(String s) {
    String shared = strings.get(s);
    if (shared != null) {
      return shared;
    }
    if (s.length() > MAX_LENGTH || strings.size() >= MAX_ENTRIES) {
      return s;
    }
    shared = strings.putIfAbsent(s, s);
    return shared == null ? s : shared;
  }

  /**
   * The request's headers as {@code [name0, value0, name1, value1, …]}, names in lower case, in the
   * JDK's order; a header sent twice gives two pairs.
   */
  static String[] headers(Headers headers) {
    int n = 0;
    for (List<String> values : headers.values()) {
      n += values.size();
    }
    String[] pairs = new String[2 * n];
    int i = 0;
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      String name = lowerCase(header.getKey());
      for (String value : header.getValue()) {
        pairs[i++] = name;
        pairs[i++] = of(value);
      }
    }
    return pairs;
  }

  private static String lowerCase(String name) {
    String lower = lowerCaseNames.get(name);
    if (lower != null) {
      return lower;
    }
    lower = of(name.toLowerCase(Locale.ROOT));
    if (lowerCaseNames.size() < MAX_ENTRIES) {
      lowerCaseNames.putIfAbsent(name, lower);
    }
    return lower;
  }
}
