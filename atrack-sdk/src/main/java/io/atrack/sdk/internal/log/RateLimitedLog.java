package io.atrack.sdk.internal.log;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Logs a repeated condition at most once per interval, saying how many times it happened since the
 * last line. Internal: not API.
 *
 * <p>A failing API can fail thousands of requests a second; one line every ten seconds with a count
 * tells the operator as much without flooding the log.
 */
public final class RateLimitedLog {
  private final Logger logger;
  private final Level level;
  private final long intervalNanos;
  private final AtomicLong suppressed = new AtomicLong();
  private final AtomicLong nextAllowedNanos;

  /** Logs to {@code logger} at {@code level}, once per {@code intervalNanos} at most. */
  public RateLimitedLog(Logger logger, Level level, long intervalNanos) {
    this.logger = logger;
    this.level = level;
    this.intervalNanos = intervalNanos;
    this.nextAllowedNanos = new AtomicLong(System.nanoTime() - 1);
  }

  /**
   * Counts one occurrence and logs it if the interval has passed; {@code message} is given how many
   * occurrences the line stands for (this one included).
   */
  public void log(LongFunction<String> message) {
    suppressed.incrementAndGet();
    if (!logger.isLoggable(level)) {
      return;
    }
    long now = System.nanoTime();
    long next = nextAllowedNanos.get();
    if (now - next >= 0 && nextAllowedNanos.compareAndSet(next, now + intervalNanos)) {
      logger.log(level, message.apply(Math.max(1, suppressed.getAndSet(0))));
    }
  }
}
