package io.atrack.benchmarks.harness;

import io.atrack.benchmarks.clients.Client;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Per-call latency and caller-thread allocation of one client's call, recorded with {@link
 * System#nanoTime()} around every call into an HdrHistogram, while delivery runs against the
 * collector.
 *
 * <p>Wall-clock percentiles on a loaded 2-core machine include the time the caller was preempted
 * (by the client's own sender threads, the collector, other processes); {@code cpu_ns_per_call},
 * the caller thread's own CPU time per call in bursts, does not.
 *
 * <ul>
 *   <li>{@code mode=burst}: each of {@code threads} callers makes {@code burst} calls back to back;
 *       then everything is delivered (outside the measurement) and the next round starts. The queue
 *       never fills, so this is the accept path, not the reject path; rejections are counted and
 *       printed anyway.
 *   <li>{@code mode=steady}: one caller at {@code rate} calls per second for {@code seconds}: the
 *       sender threads go idle between calls, so a client that wakes a thread per call pays for it
 *       here.
 * </ul>
 *
 * <pre>
 * java -cp benchmarks.jar io.atrack.benchmarks.harness.CallerLatency \
 *     client=atrack mode=burst threads=1 collector=http://127.0.0.1:8089
 * </pre>
 */
public final class CallerLatency {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private CallerLatency() {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv, 0);
    String name = args.get("client", "atrack");
    String mode = args.get("mode", "burst");
    String collector = args.collector();
    try (Client client = Client.create(name, collector, 0)) {
      if (mode.equals("steady")) {
        steady(client, name, args);
      } else {
        burst(client, name, args);
      }
    }
    System.exit(0); // peers leave non-daemon threads behind
  }

  private static void burst(Client client, String name, Args args) throws Exception {
    int threads = args.getInt("threads", 1);
    int burst = args.getInt("burst", 1000);
    int warmup = args.getInt("warmup", 30);
    int rounds = args.getInt("rounds", 50);
    Histogram total = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    AtomicLong bytes = new AtomicLong();
    AtomicLong cpu = new AtomicLong();
    AtomicLong timeouts = new AtomicLong();
    CyclicBarrier barrier =
        new CyclicBarrier(
            threads,
            () -> {
              try {
                if (!client.awaitDelivered(Duration.ofSeconds(60))) {
                  timeouts.incrementAndGet();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    List<Thread> workers = new ArrayList<>();
    List<Histogram> histograms = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
      histograms.add(h);
      Thread w =
          new Thread(
              () -> {
                client.prepareThread(thread);
                long id = Thread.currentThread().getId();
                try {
                  for (int r = 0; r < warmup + rounds; r++) {
                    barrier.await();
                    boolean record = r >= warmup;
                    long before = THREADS.getThreadAllocatedBytes(id);
                    long cpuBefore = THREADS.getCurrentThreadCpuTime();
                    for (int i = 0; i < burst; i++) {
                      long t0 = System.nanoTime();
                      client.send(thread);
                      long t1 = System.nanoTime();
                      if (record) {
                        h.recordValue(Math.min(t1 - t0, TimeUnit.SECONDS.toNanos(10)));
                      }
                    }
                    long cpuAfter = THREADS.getCurrentThreadCpuTime();
                    long after = THREADS.getThreadAllocatedBytes(id);
                    if (record) {
                      bytes.addAndGet(after - before);
                      cpu.addAndGet(cpuAfter - cpuBefore);
                    }
                    barrier.await();
                  }
                } catch (InterruptedException | BrokenBarrierException e) {
                  throw new IllegalStateException(e);
                }
              },
              "caller-" + t);
      workers.add(w);
    }
    long rejectedBefore = client.rejected();
    long gcBefore = Cpu.gcCount();
    workers.forEach(Thread::start);
    for (Thread w : workers) {
      w.join();
    }
    histograms.forEach(total::add);
    long calls = total.getTotalCount();
    print(
        "caller",
        name,
        "burst",
        threads,
        total,
        (double) bytes.get() / calls,
        client.rejected() - rejectedBefore,
        Cpu.gcCount() - gcBefore,
        String.format("cpu_ns_per_call=%.0f", (double) cpu.get() / calls)
            + " burst="
            + burst
            + " flushTimeouts="
            + timeouts.get());
  }

  private static void steady(Client client, String name, Args args) throws Exception {
    int rate = args.getInt("rate", 2000);
    int seconds = args.getInt("seconds", 10);
    int warmupSeconds = args.getInt("warmupSeconds", 3);
    client.prepareThread(0);
    // JIT warm-up in bursts, so the steady phase measures compiled code.
    for (int r = 0; r < 30; r++) {
      for (int i = 0; i < 1000; i++) {
        client.send(0);
      }
      client.awaitDelivered(Duration.ofSeconds(60));
    }
    long period = TimeUnit.SECONDS.toNanos(1) / rate;
    long id = Thread.currentThread().getId();
    Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    long warmCalls = (long) warmupSeconds * rate;
    long calls = warmCalls + (long) seconds * rate;
    long rejectedBefore = client.rejected();
    long gcBefore = 0;
    long bytesBefore = 0;
    long processBefore = 0;
    long csBefore = 0;
    long start = System.nanoTime();
    for (long i = 0; i < calls; i++) {
      long target = start + i * period;
      long now;
      while ((now = System.nanoTime()) < target) {
        LockSupport.parkNanos(target - now);
      }
      if (i == warmCalls) {
        gcBefore = Cpu.gcCount();
        csBefore = Cpu.contextSwitches();
        processBefore = Cpu.processNanos();
        bytesBefore = THREADS.getThreadAllocatedBytes(id);
      }
      long t0 = System.nanoTime();
      client.send(0);
      long t1 = System.nanoTime();
      if (i >= warmCalls) {
        h.recordValue(Math.min(t1 - t0, TimeUnit.SECONDS.toNanos(10)));
      }
    }
    long bytes = THREADS.getThreadAllocatedBytes(id) - bytesBefore;
    long process = Cpu.processNanos() - processBefore;
    long gcs = Cpu.gcCount() - gcBefore;
    long cs = Cpu.contextSwitches() - csBefore;
    boolean ok = client.awaitDelivered(Duration.ofSeconds(60));
    print(
        "caller",
        name,
        "steady",
        1,
        h,
        (double) bytes / h.getTotalCount(),
        client.rejected() - rejectedBefore,
        gcs,
        String.format(
                "process_cpu_us_per_call=%.1f ctx_switches_per_call=%.1f",
                process / 1e3 / h.getTotalCount(), (double) cs / h.getTotalCount())
            + " rate="
            + rate
            + " seconds="
            + seconds
            + " delivered="
            + ok);
  }

  private static void print(
      String kind,
      String name,
      String mode,
      int threads,
      Histogram h,
      double bytesPerCall,
      long rejected,
      long gcs,
      String extra) {
    System.out.printf(
        "RESULT %s client=%s mode=%s threads=%d calls=%d median_ns=%d p90_ns=%d p99_ns=%d"
            + " p999_ns=%d max_ns=%d mean_ns=%.0f bytes_per_call=%.0f rejected=%d gcs=%d %s%n",
        kind,
        name,
        mode,
        threads,
        h.getTotalCount(),
        h.getValueAtPercentile(50),
        h.getValueAtPercentile(90),
        h.getValueAtPercentile(99),
        h.getValueAtPercentile(99.9),
        h.getMaxValue(),
        h.getMean(),
        bytesPerCall,
        rejected,
        gcs,
        extra);
  }
}
