package io.atrack.sdk.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.Stats;
import io.atrack.sdk.TrackRequest;
import io.atrack.testkit.FakeCollectorExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Defect 8: the rate-limited WARNING lines undercounted (990,000 rejections and 10,000 failures
 * reported as "1 request(s)" each). By the end of close() the lines' counts add up to the stats.
 */
class WarningCountsTest {
  private static final Pattern REJECTED = Pattern.compile("^Rejected (\\d+) request\\(s\\)");
  private static final Pattern FAILED = Pattern.compile("^(\\d+) request\\(s\\) not delivered");

  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  private final ConcurrentLinkedQueue<String> warnings = new ConcurrentLinkedQueue<>();
  private final Logger engineLogger = Logger.getLogger("io.atrack.sdk.internal.delivery");
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          if (Level.WARNING.equals(r.getLevel())) {
            warnings.add(r.getMessage());
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void capture() {
    engineLogger.addHandler(handler);
  }

  @AfterEach
  void release() {
    engineLogger.removeHandler(handler);
  }

  @Test
  @SuppressWarnings("FutureReturnValueIgnored") // counted through stats and the log
  void rejectionsAndFailuresHeldBackByTheRateLimitAreReportedByClose() {
    collector.stall();
    ATrack sdk =
        DeliveryClients.against(collector).maxQueueSize(100).closeTimeout(Duration.ZERO).build();
    for (int i = 0; i < 20_000; i++) {
      sdk.track(TrackRequest.builder("e").uuid("u" + (i % 50)).build());
    }
    sdk.close();
    collector.resume();
    Stats stats = sdk.stats();
    assertThat(stats.rejected()).isEqualTo(19_900);
    assertThat(stats.failed()).isEqualTo(100);

    List<String> lines = List.copyOf(warnings);
    assertThat(sum(lines, REJECTED)).as("rejections reported in %s", lines).isEqualTo(19_900);
    assertThat(sum(lines, FAILED)).as("failures reported in %s", lines).isEqualTo(100);
  }

  private static long sum(List<String> lines, Pattern p) {
    long total = 0;
    for (String line : lines) {
      Matcher m = p.matcher(line);
      if (m.find()) {
        total += Long.parseLong(m.group(1));
      }
    }
    return total;
  }
}
