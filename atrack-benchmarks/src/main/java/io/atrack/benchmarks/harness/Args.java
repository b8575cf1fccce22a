package io.atrack.benchmarks.harness;

import java.util.HashMap;
import java.util.Map;

/** {@code key=value} arguments with defaults. */
final class Args {
  private final Map<String, String> values = new HashMap<>();

  Args(String[] args, int from) {
    for (int i = from; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("expected key=value, got " + args[i]);
      }
      values.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
  }

  String get(String key, String fallback) {
    return values.getOrDefault(key, System.getProperty(key, fallback));
  }

  int getInt(String key, int fallback) {
    return Integer.parseInt(get(key, Integer.toString(fallback)));
  }

  String collector() {
    String url = get("collector", null);
    if (url == null) {
      throw new IllegalArgumentException("collector=http://127.0.0.1:PORT is required");
    }
    return url;
  }
}
