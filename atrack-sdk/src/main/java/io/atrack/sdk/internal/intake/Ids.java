package io.atrack.sdk.internal.intake;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Random ids. Internal: not API. */
public final class Ids {
  private Ids() {}

  /**
   * A version 4 UUID for an {@code eventId}, from the thread's own generator: {@link
   * UUID#randomUUID()} draws on a shared {@code SecureRandom}, costly and contended on the caller's
   * path, and an event id needs uniqueness, not secrecy.
   */
  public static String eventId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long msb = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
    long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  /**
   * A version 4 UUID for a new user, from {@code SecureRandom}: user ids should not be guessable.
   */
  public static String userId() {
    return UUID.randomUUID().toString();
  }
}
