package io.atrack.sdk;

import java.time.Instant;

/** The range of instants the wire's {@code yyyy-MM-ddTHH:mm:ss.SSSZ} form can carry. */
final class Timestamps {
  static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");
  static final Instant MAX = Instant.parse("+10000-01-01T00:00:00Z");

  private Timestamps() {}
}
