package io.atrack.local;

import org.jspecify.annotations.Nullable;

/** The three A-Track endpoints, found by the end of the path so any prefix is kept. */
enum Endpoint {
  INIT("/init"),
  ATTRIBUTES("/attributes"),
  EVENT("/event");

  final String suffix;

  Endpoint(String suffix) {
    this.suffix = suffix;
  }

  /** The endpoint {@code path} ends with ({@code /collect/event} is {@link #EVENT}), or null. */
  static @Nullable Endpoint of(String path) {
    String p =
        path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    for (Endpoint e : values()) {
      if (p.endsWith(e.suffix)) {
        return e;
      }
    }
    return null;
  }
}
