package io.atrack.servlet;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs the filter's own failures at WARNING at most once per minute, with how many there were since
 * the last line: a broken customizer fails every request, and the log must not flood.
 */
final class WarningLog {
  private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final Logger logger;
  private final AtomicLong count = new AtomicLong();
  private final AtomicLong next = new AtomicLong(System.nanoTime() - 1);

  WarningLog(Logger logger) {
    this.logger = logger;
  }

  void warn(String what, Throwable cause) {
    count.incrementAndGet();
    long now = System.nanoTime();
    long allowed = next.get();
    if (now - allowed >= 0 && next.compareAndSet(allowed, now + INTERVAL_NANOS)) {
      long n = count.getAndSet(0);
      logger.log(
          Level.WARNING,
          "ATrackFilter: " + what + " (" + n + " time(s) since the last such line)",
          cause);
    }
  }
}
