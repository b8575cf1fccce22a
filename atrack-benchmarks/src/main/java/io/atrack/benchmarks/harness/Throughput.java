package io.atrack.benchmarks.harness;

import io.atrack.benchmarks.Workload;
import io.atrack.benchmarks.clients.ATrackClient;
import io.atrack.benchmarks.clients.Client;
import io.atrack.benchmarks.clients.MinimalSocketClient;
import io.atrack.benchmarks.clients.PostHogClient;
import io.atrack.benchmarks.clients.SegmentClient;
import io.atrack.sdk.ATrack;
import io.atrack.sdk.Stats;
import io.atrack.sdk.TrackRequest;
import io.atrack.sdk.internal.json.BodyEncoder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * End-to-end throughput: N events through one client to the collector, after a warm-up of the same
 * client in the same JVM. Prints events/s and this JVM's CPU time per event (every thread: callers,
 * senders, JIT, GC), and the collector's CPU per event when its pids are given.
 *
 * <ul>
 *   <li>{@code atrack}: one producer calling {@code track} in bursts of 1,000, keeping at most
 *       {@code window} (default 8,000) requests unfinished so the default queue (10,000) never
 *       rejects, then {@code flush()}. It polls the SDK's counters every millisecond rather than
 *       blocking in the SDK ({@code QueueFullPolicy.BLOCK} wakes the producer once per delivered
 *       request, which measures the policy instead of delivery). {@code inFlight=} sets maxInFlight
 *       (default 32). All events belong to one user (a worker tracking under one uuid), unless
 *       {@code -Dusers=N} spreads them over N users with {@code TrackRequest.uuid}.
 *   <li>{@code socket}: {@code threads} threads, one {@link MinimalSocketClient} connection each,
 *       encoding each event with the SDK's encoder (the same bodies) and posting it.
 *   <li>{@code pipelined}: like {@code socket}, but each connection writes {@code depth} requests
 *       at once (HTTP/1.1 pipelining) and then reads their answers: one request per event, with the
 *       system calls of a batch. Not a client anyone ships; it prices a design option.
 *   <li>{@code httpclient}: {@code threads} threads sharing a {@code java.net.http.HttpClient}
 *       (HTTP/1.1), a synchronous {@code send} per event.
 *   <li>{@code segment}, {@code posthog}: one producer enqueuing, their own batching and threads.
 * </ul>
 */
public final class Throughput {
  private Throughput() {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv, 0);
    String client = args.get("client", "atrack");
    int events = args.getInt("events", 200_000);
    int warmup = args.getInt("warmup", Math.max(20_000, events / 4));
    int threads = args.getInt("threads", 4);
    int inFlight = args.getInt("inFlight", 0);
    String collector = args.collector();
    String pids = args.get("collectorPids", "");
    // run.sh's tls phase prints its rows as "RESULT cpu", apart from the throughput table.
    String kind = args.get("kind", "throughput");

    Run run;
    switch (client) {
      case "atrack", "atrack-outbox" -> {
        run = atrack(collector, inFlight, client.equals("atrack-outbox"));
        threads = inFlight > 0 ? inFlight : 32;
      }
      case "socket" -> run = socket(collector, threads);
      case "httpclient" -> run = httpClient(collector, threads);
      case "pipelined" -> run = pipelined(collector, threads, args.getInt("depth", 16));
      case "segment", "posthog" -> {
        run = peer(client, collector);
        threads = 1;
      }
      default ->
          throw new IllegalArgumentException(
              "client must be atrack|atrack-outbox|socket|httpclient|segment|posthog");
    }
    run.go(warmup);
    System.gc();
    long gc0 = Cpu.gcCount();
    long cs0 = Cpu.contextSwitches();
    long other0 = Cpu.otherNanos(pids);
    long cpu0 = Cpu.processNanos();
    ThreadCpu threadCpu = ThreadCpu.start();
    long t0 = System.nanoTime();
    String detail = run.go(events);
    String breakdown = threadCpu.perEvent(events);
    long wall = System.nanoTime() - t0;
    long cpu = Cpu.processNanos() - cpu0;
    long other = Cpu.otherNanos(pids) - other0;
    long gcs = Cpu.gcCount() - gc0;
    long cs = Cpu.contextSwitches() - cs0;
    String stats = args.get("stats", "");
    if (!stats.isEmpty()) { // a DelayCollector: how many connections the client kept open
      try (CollectorProbe probe = new CollectorProbe(URI.create(stats))) {
        // Minus the probe's own connection.
        detail += " collectorConnections=" + (probe.stats().get("connections") - 1);
      }
    }
    System.out.printf(
        "RESULT %s client=%s%s scheme=%s round=%s threads=%d events=%d seconds=%.2f events_per_s=%.0f"
            + " cpu_us_per_event=%.2f collector_cpu_us_per_event=%.2f gcs=%d"
            + " ctx_switches_per_event=%.2f %s cpu_us_per_event_by_thread=%s%n",
        kind,
        client,
        client.startsWith("atrack") && inFlight > 0
            ? "-inflight" + inFlight
            : client.equals("pipelined") ? "-depth" + args.getInt("depth", 16) : "",
        URI.create(collector).getScheme(),
        args.get("round", "1"),
        threads,
        events,
        wall / 1e9,
        events / (wall / 1e9),
        cpu / 1e3 / events,
        other / 1e3 / events,
        gcs,
        (double) cs / events,
        detail,
        breakdown);
    System.exit(0);
  }

  /** One measured batch of events; returns details to print. */
  interface Run {
    String go(int events) throws Exception;
  }

  private static Run atrack(String collector, int inFlight, boolean durable) {
    ATrackClient client = new ATrackClient(collector, 0, false, inFlight, durable);
    client.prepareThread(0);
    int window = Integer.getInteger("window", 8_000);
    int users = Integer.getInteger("users", 1);
    return events -> {
      Stats before = client.stats();
      SdkThreads sdkThreads = new SdkThreads();
      long producerCpu0 =
          java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      for (int i = 0; i < events; ) {
        Stats s = client.stats();
        if (s.queued() + s.inFlight() > window - 1000) {
          sdkThreads.sample();
          LockSupport.parkNanos(1_000_000);
          continue;
        }
        for (int end = Math.min(events, i + 1000); i < end; i++) {
          if (users <= 1) {
            client.send(0);
          } else {
            var unused =
                client
                    .sdk()
                    .track(
                        TrackRequest.builder(Workload.EVENT)
                            .uuid(Workload.user(i % users))
                            .attributes(Workload.ATTRIBUTES)
                            .build());
          }
        }
      }
      long producerCpu =
          java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()
              - producerCpu0;
      client.sdk().flush().join();
      Stats after = client.stats();
      long senders =
          Thread.getAllStackTraces().keySet().stream()
              .filter(
                  t ->
                      t.getName().startsWith("atrack-delivery-") && !t.getName().endsWith("-retry"))
              .count();
      return "delivered="
          + (after.delivered() - before.delivered())
          + " failed="
          + (after.failed() - before.failed())
          + " rejected="
          + (after.rejected() - before.rejected())
          + " retried="
          + (after.retried() - before.retried())
          + " senderThreads="
          + senders
          + String.format(" caller_cpu_us_per_event=%.2f ", producerCpu / 1e3 / events)
          + sdkThreads.report();
    };
  }

  private static Run peer(String name, String collector) {
    return events -> {
      // PostHog sends its last partial batch only on shutdown (or a second later), so each
      // batch of events gets its own client, closed at the end of the measurement.
      Client client =
          name.equals("segment") ? new SegmentClient(collector) : new PostHogClient(collector);
      for (int i = 0; i < events; i++) {
        client.send(i & 63);
      }
      boolean ok;
      if (name.equals("posthog")) {
        client.close();
        ok = client.awaitDelivered(Duration.ofMinutes(2));
      } else {
        ok = client.awaitDelivered(Duration.ofMinutes(2));
        client.close();
      }
      return "delivered=" + client.delivered() + " failed=" + client.failed() + " complete=" + ok;
    };
  }

  /** One keep-alive connection per thread to the collector's /event. */
  private static List<MinimalSocketClient> connect(String collector, int threads)
      throws IOException {
    URI endpoint = URI.create(collector + "/event");
    List<MinimalSocketClient> connections = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      connections.add(new MinimalSocketClient(endpoint, Workload.PUBLIC_KEY));
    }
    return connections;
  }

  private static Run socket(String collector, int threads) throws Exception {
    List<MinimalSocketClient> connections = connect(collector, threads);
    BodyEncoder encoder = new BodyEncoder(ATrack.sdkVersion(), 64 * 1024);
    return parallel(
        threads,
        (thread, count) -> {
          MinimalSocketClient c = connections.get(thread);
          long bad = 0;
          for (int i = 0; i < count; i++) {
            if (c.post(Workload.body(encoder, thread)) != 200) {
              bad++;
            }
          }
          return bad;
        });
  }

  private static Run pipelined(String collector, int threads, int depth) throws Exception {
    List<MinimalSocketClient> connections = connect(collector, threads);
    BodyEncoder encoder = new BodyEncoder(ATrack.sdkVersion(), 64 * 1024);
    return parallel(
        threads,
        (thread, count) -> {
          MinimalSocketClient c = connections.get(thread);
          byte[][] batch = new byte[depth][];
          long bad = 0;
          for (int i = 0; i < count; i += depth) {
            int k = Math.min(depth, count - i);
            for (int j = 0; j < k; j++) {
              batch[j] = Workload.body(encoder, thread);
            }
            bad += c.postPipelined(batch, k);
          }
          return bad;
        });
  }

  private static Run httpClient(String collector, int threads) {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    URI endpoint = URI.create(collector + "/event");
    BodyEncoder encoder = new BodyEncoder(ATrack.sdkVersion(), 64 * 1024);
    return parallel(
        threads,
        (thread, count) -> {
          long bad = 0;
          for (int i = 0; i < count; i++) {
            HttpRequest request =
                HttpRequest.newBuilder(endpoint)
                    .header("x-a-track-key", Workload.PUBLIC_KEY)
                    .header("content-type", "application/json")
                    .header("user-agent", "a-track-java/bench-httpclient")
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Workload.body(encoder, thread)))
                    .build();
            if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
              bad++;
            }
          }
          return bad;
        });
  }

  interface Worker {
    long run(int thread, int count) throws Exception;
  }

  private static Run parallel(int threads, Worker worker) {
    return events -> {
      AtomicLong bad = new AtomicLong();
      List<Thread> list = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        int count = events / threads + (t < events % threads ? 1 : 0);
        Thread th =
            new Thread(
                () -> {
                  try {
                    bad.addAndGet(worker.run(thread, count));
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  } finally {
                    Cpu.endThread();
                    ThreadCpu.ending();
                  }
                },
                "sender-" + t);
        list.add(th);
        th.start();
      }
      for (Thread th : list) {
        th.join();
      }
      return "non200=" + bad.get();
    };
  }
}
