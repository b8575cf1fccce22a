package io.atrack.sdk.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.ChildJvm;
import io.atrack.sdk.RequestKind;
import io.atrack.testkit.FakeCollectorExtension;
import io.atrack.testkit.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} in the middle of a burst: a child JVM makes calls against a slow collector and is
 * killed ({@link Process#destroyForcibly()}, SIGKILL on Linux) once thousands of calls returned. A
 * new client on the same outbox delivers every call that returned, at least once, duplicates only
 * with the same {@code eventId}, in per-user order.
 */
class OutboxCrashTest {
  private static final int KILL_AFTER = 3_000;

  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  @TempDir Path tmp;

  @Test
  @Timeout(120)
  void everyCallThatReturnedBeforeKillMinus9IsDeliveredByTheNextClient() throws Exception {
    Path outbox = tmp.resolve("outbox");
    Path printed = tmp.resolve("child.out");
    collector.defaultResponse(Response.ok().delay(Duration.ofMillis(20)));
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                ChildJvm.classPath(),
                CrashingCallerMain.class.getName(),
                collector.baseUrl().toString(),
                outbox.toString(),
                "1000000")
            .redirectErrorStream(true)
            .redirectOutput(printed.toFile())
            .start();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> !child.isAlive() || lastReturned(printed) >= KILL_AFTER);
      assertThat(child.isAlive()).as("the child runs; it printed:%n%s", tail(printed)).isTrue();
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    int returned = lastReturned(printed) + 1;
    int deliveredBeforeKill = collector.requestCount();
    assertThat(returned).isGreaterThanOrEqualTo(KILL_AFTER);

    Ledger ledger = new Ledger();
    for (int i = 0; i < returned; i++) {
      int seq = i / CrashingCallerMain.USERS;
      ledger.made(
          "user-" + i % CrashingCallerMain.USERS,
          seq,
          seq % CrashingCallerMain.STATE_EVERY == 0 ? RequestKind.ATTRIBUTES : RequestKind.EVENT);
    }
    collector.defaultResponse(Response.ok());
    try (ATrack next = Outboxes.against(collector, outbox).build()) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> ledger.check(collector.requests(), 0).isEmpty());
      assertThat(next.flush()).succeedsWithin(Duration.ofSeconds(30));
    }
    List<String> problems = ledger.check(collector.requests(), 10);
    assertThat(problems).isEmpty();
    System.out.println(
        "kill -9 after "
            + returned
            + " returned calls, "
            + deliveredBeforeKill
            + " delivered before the kill; the next client brought the total to "
            + collector.requestCount()
            + " requests");
  }

  /** The last call index the child printed on a whole line, or -1. */
  private static int lastReturned(Path printed) throws IOException {
    if (!Files.exists(printed)) {
      return -1;
    }
    String text = Files.readString(printed, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    if (end < 0) {
      return -1;
    }
    int start = text.lastIndexOf('\n', end - 1) + 1;
    String line = text.substring(start, end).trim();
    if (line.equals("done")) {
      return Integer.MAX_VALUE;
    }
    try {
      return Integer.parseInt(line);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String tail(Path printed) throws IOException {
    String text = Files.exists(printed) ? Files.readString(printed) : "";
    return text.substring(Math.max(0, text.length() - 2000));
  }
}
