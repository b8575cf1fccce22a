package io.atrack.benchmarks.harness;

import io.atrack.benchmarks.clients.Client;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Events per second through one client, default settings, to a {@code DelayCollector} that answers
 * every request after a fixed delay (a remote API's round trip): the figure that shows whether a
 * client keeps up over a real network.
 *
 * <p>One producer thread calls the client as fast as it accepts calls, keeping at most {@code
 * window} (default 8,000) events unfinished (sent, neither delivered nor failed nor rejected), so
 * the SDK's default queue of 10,000 is never the limit: a rejection is a call refused below the
 * configured bound. After a warm-up ({@code warmup} events), each count in {@code events} (default
 * 5,000 then 20,000) is one measurement, from the first call until the collector has received every
 * accepted event (counted in its request bodies, so a batch of 100 counts 100), bounded by {@code
 * seconds} (default 20): a client that cannot finish in time reports what the collector received by
 * then ({@code complete=false}) and the later counts are skipped. Prints, per count: events/s at
 * the collector, accepted and rejected calls, this JVM's CPU per delivered event, and the SDK's
 * threads (most alive at once, how many busy: at least 5 % of a core).
 *
 * <pre>
 * java -cp benchmarks.jar io.atrack.benchmarks.harness.Latency client=atrack \
 *     collector=http://127.0.0.1:8089 [stats=http://127.0.0.1:8089] events=5000,20000
 * </pre>
 *
 * <p>{@code collector} may be {@code https://localhost:PORT} (with {@code -Dcollector.cert}); the
 * counts are then read from {@code stats}, the collector's plain port.
 */
public final class Latency {
  private Latency() {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv, 0);
    String name = args.get("client", "atrack");
    String collector = args.collector();
    URI stats = URI.create(args.get("stats", collector));
    int window = args.getInt("window", 8_000);
    int warmup = args.getInt("warmup", 2_000);
    long seconds = args.getInt("seconds", 20);
    String[] counts = args.get("events", "5000,20000").split(",", -1);
    boolean drained = true;
    try (CollectorProbe probe = new CollectorProbe(stats)) {
      Client client = Client.create(name, collector, 0);
      Map<String, Long> collectorSettings = probe.stats();
      long delay = collectorSettings.getOrDefault("delayMs", -1L);
      long serial = collectorSettings.getOrDefault("serial", 0L);
      client.prepareThread(0);
      if (warmup > 0 && !measure(client, probe, warmup, window, seconds).complete) {
        client.awaitDelivered(Duration.ofSeconds(60)); // a slow client: start from empty anyway
      }
      for (String count : counts) {
        int n = Integer.parseInt(count.trim());
        Measurement m = measure(client, probe, n, window, seconds);
        Map<String, Long> after = probe.stats();
        System.out.printf(
            "RESULT latency client=%s delayMs=%d serial=%d events=%d accepted=%d rejected=%d"
                + " collected=%d requests=%d seconds=%.2f events_per_s=%.0f complete=%s"
                + " cpu_us_per_event=%.1f connections=%d peakConnections=%d %s%n",
            name,
            delay,
            serial,
            n,
            m.sent - m.rejected,
            m.rejected,
            m.collected,
            m.requests,
            m.nanos / 1e9,
            m.collected / (m.nanos / 1e9),
            m.complete,
            m.cpuNanos / 1e3 / Math.max(1, m.collected),
            after.getOrDefault("connections", 0L) - 1, // minus the probe's own
            after.getOrDefault("peakConnections", -1L),
            m.threads);
        if (!m.complete) {
          drained = false;
          break; // a backlog is left: a later count would measure it too
        }
      }
      if (drained) {
        client.close(); // with a backlog, close() would wait out its closeTimeout for nothing
      }
    }
    System.exit(0); // peers leave non-daemon threads behind
  }

  private record Measurement(
      long sent,
      long rejected,
      long collected,
      long requests,
      long nanos,
      boolean complete,
      long cpuNanos,
      String threads) {}

  private static Measurement measure(
      Client client, CollectorProbe probe, int n, int window, long seconds) throws Exception {
    Map<String, Long> before = probe.stats();
    long events0 = before.get("events");
    long requests0 = before.get("requests");
    long rejected0 = client.rejected();
    long finished0 = client.delivered() + client.failed();
    SdkThreads threads = new SdkThreads();
    long cpu0 = Cpu.processNanos();
    long t0 = System.nanoTime();
    long deadline = t0 + TimeUnit.SECONDS.toNanos(seconds);
    long sent = 0;
    long lastSample = t0;
    while (sent < n && System.nanoTime() - deadline < 0) {
      long unfinished =
          sent
              - (client.rejected() - rejected0)
              - (client.delivered() + client.failed() - finished0);
      if (unfinished >= window) {
        LockSupport.parkNanos(100_000);
      } else {
        // Bounded by the window: at most 100 calls between two looks at the backlog.
        for (int i = 0; i < 100 && sent < n && unfinished + i < window; i++) {
          client.send(0);
          sent++;
        }
      }
      long now = System.nanoTime();
      if (now - lastSample > 20_000_000) {
        threads.sample();
        lastSample = now;
      }
    }
    client.flushSoon();
    long rejected = client.rejected() - rejected0;
    long expected = sent - rejected;
    long collected;
    long end;
    // Bounded by the deadline: the collector is asked every millisecond.
    while (true) {
      collected = probe.events() - events0;
      end = System.nanoTime();
      if (collected >= expected || end - deadline >= 0) {
        break;
      }
      if (end - lastSample > 20_000_000) {
        threads.sample();
        lastSample = end;
      }
      LockSupport.parkNanos(1_000_000);
    }
    long cpu = Cpu.processNanos() - cpu0;
    String threadReport = threads.report();
    boolean complete = collected >= expected && sent == n;
    if (complete) {
      client.awaitDelivered(Duration.ofSeconds(30)); // the last answers, outside the timing
    }
    long requests = probe.stats().get("requests") - requests0;
    return new Measurement(
        sent, rejected, collected, requests, end - t0, complete, cpu, threadReport);
  }
}
