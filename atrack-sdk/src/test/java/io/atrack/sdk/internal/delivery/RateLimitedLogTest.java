package io.atrack.sdk.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Defect 8: 990,000 rejections were reported as "1 request(s)": what the rate limit held back was
 * never logged once the condition stopped. The counts of all lines must add up.
 */
class RateLimitedLogTest {
  private static final long INTERVAL = 10_000;
  private static final Pattern COUNT = Pattern.compile("^(\\d+) ");

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final CapturingLogger logger = new CapturingLogger();
  private final RateLimitedLog log = new RateLimitedLog(logger, Level.WARNING, INTERVAL, now::get);

  @Test
  void aBurstWithinOneIntervalIsReportedWholeByFlush() {
    for (int i = 0; i < 990_000; i++) {
      log.log(n -> n + " rejected");
    }
    assertThat(logger.lines).containsExactly("1 rejected");
    log.flush();
    assertThat(logger.lines).containsExactly("1 rejected", "989999 rejected");
    log.flush();
    assertThat(logger.lines).hasSize(2);
  }

  @Test
  void theNextOccurrencePastTheIntervalReportsThoseHeldBack() {
    log.log(n -> n + " a");
    log.log(n -> n + " a");
    log.log(n -> n + " a");
    now.addAndGet(INTERVAL - 1);
    log.log(n -> n + " a");
    assertThat(logger.lines).containsExactly("1 a");
    now.addAndGet(1);
    log.log(n -> n + " b");
    assertThat(logger.lines).containsExactly("1 a", "4 b");
    assertThat(log.pending()).isZero();
  }

  @Test
  void flushWithNothingPendingLogsNothing() {
    log.flush();
    log.log(n -> n + " x");
    log.flush();
    assertThat(logger.lines).containsExactly("1 x");
  }

  @RepeatedTest(20)
  void concurrentOccurrencesAreAllCountedOnce() throws InterruptedException {
    int threads = 4;
    int perThread = 25_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers =
        java.util.stream.IntStream.range(0, threads)
            .mapToObj(
                t ->
                    new Thread(
                        () -> {
                          try {
                            start.await();
                          } catch (InterruptedException e) {
                            return;
                          }
                          for (int i = 0; i < perThread; i++) {
                            if (i % 1000 == 0) {
                              now.addAndGet(INTERVAL / 3);
                            }
                            log.log(n -> n + " x");
                          }
                        }))
            .toList();
    workers.forEach(Thread::start);
    start.countDown();
    for (Thread w : workers) {
      w.join();
    }
    log.flush();
    long total = 0;
    for (String line : logger.lines) {
      Matcher m = COUNT.matcher(line);
      assertThat(m.find()).isTrue();
      total += Long.parseLong(m.group(1));
    }
    assertThat(total).isEqualTo((long) threads * perThread);
  }

  /** A System.Logger that keeps the lines it is given. */
  static final class CapturingLogger implements System.Logger {
    final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

    @Override
    public String getName() {
      return "test";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      lines.add(msg);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      lines.add(format);
    }

    @Override
    public void log(Level level, Supplier<String> msgSupplier) {
      lines.add(msgSupplier.get());
    }
  }
}
