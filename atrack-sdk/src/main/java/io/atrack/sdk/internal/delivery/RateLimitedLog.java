package io.atrack.sdk.internal.delivery;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Logs a repeated condition at most once per interval, saying how many times it happened since the
 * last line. Internal: not API.
 *
 * <p>A failing API can fail thousands of requests a second; one line every ten seconds with a count
 * tells the operator as much without flooding the log. Occurrences after the last line are not lost
 * when the condition stops: the next occurrence past the interval reports them, and {@link
 * #flush()} (called by {@code close()}) reports whatever is still pending, so the counts of all
 * lines add up to the number of occurrences.
 */
public final class RateLimitedLog {
  private final Logger logger;
  private final Level level;
  private final long intervalNanos;
  private final LongSupplier ticker;
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong nextAllowedNanos;
  private final AtomicReference<@Nullable LongFunction<String>> lastMessage =
      new AtomicReference<>();

  /** Logs to {@code logger} at {@code level}, once per {@code intervalNanos} at most. */
  public RateLimitedLog(Logger logger, Level level, long intervalNanos) {
    this(logger, level, intervalNanos, System::nanoTime);
  }

  /** As above, reading time from {@code ticker} (a {@link System#nanoTime()} stand-in). */
  public RateLimitedLog(Logger logger, Level level, long intervalNanos, LongSupplier ticker) {
    this.logger = logger;
    this.level = level;
    this.intervalNanos = intervalNanos;
    this.ticker = ticker;
    this.nextAllowedNanos = new AtomicLong(ticker.getAsLong() - 1);
  }

  /**
   * Counts one occurrence and logs if the interval has passed; {@code message} is given how many
   * occurrences the line stands for (this one and those suppressed since the last line).
   */
  public void log(LongFunction<String> message) {
    if (!logger.isLoggable(level)) {
      return;
    }
    pending.incrementAndGet();
    long now = ticker.getAsLong();
    long next = nextAllowedNanos.get();
    if (now - next >= 0 && nextAllowedNanos.compareAndSet(next, now + intervalNanos)) {
      emit(message);
    } else {
      // Kept for flush(): the text of the latest occurrence describes the pending ones.
      lastMessage.set(message);
    }
  }

  /** Logs the occurrences not yet reported, if any, with the latest occurrence's message. */
  public void flush() {
    LongFunction<String> message = lastMessage.get();
    if (message != null) {
      emit(message);
    }
  }

  /** Occurrences counted but not yet reported in a line. */
  public long pending() {
    return pending.get();
  }

  private void emit(LongFunction<String> message) {
    long n = pending.getAndSet(0);
    if (n > 0) {
      logger.log(level, message.apply(n));
    }
  }
}
