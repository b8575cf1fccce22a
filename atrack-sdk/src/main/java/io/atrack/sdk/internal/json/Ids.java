package io.atrack.sdk.internal.json;

import java.util.UUID;

/** Random ids. Internal: not API. */
public final class Ids {
  private Ids() {}

  /**
   * The high bits of a version 4 UUID made from {@code random} bits. Event ids are drawn from the
   * thread's own generator: {@link UUID#randomUUID()} draws on a shared {@code SecureRandom},
   * costly and contended on the caller's path, and an event id needs uniqueness, not secrecy.
   */
  public static long v4High(long random) {
    return (random & 0xffffffffffff0fffL) | 0x0000000000004000L;
  }

  /** The low bits of a version 4 UUID (the IETF variant) made from {@code random} bits. */
  public static long v4Low(long random) {
    return (random & 0x3fffffffffffffffL) | 0x8000000000000000L;
  }

  /**
   * A version 4 UUID for a new user, from {@code SecureRandom}: user ids should not be guessable.
   */
  public static String userId() {
    return UUID.randomUUID().toString();
  }
}
