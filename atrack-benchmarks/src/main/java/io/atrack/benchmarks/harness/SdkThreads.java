package io.atrack.benchmarks.harness;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SDK's threads during a measurement (names starting with {@code atrack-}): the most alive at
 * once (sampled), and how many were busy, i.e. used at least 5 % of a core over the measurement
 * (CPU time per thread from the ThreadMXBean). Also counts every thread of the JVM, for the peers,
 * whose threads have other names.
 */
final class SdkThreads {
  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> cpuAtStart = new HashMap<>();
  private final Map<Long, String> names = new HashMap<>();
  private final long start = System.nanoTime();
  private int maxAlive;
  private int maxBusy;
  private int maxJvm;

  SdkThreads() {
    sample();
    for (Map.Entry<Long, String> e : names.entrySet()) {
      cpuAtStart.put(e.getKey(), Math.max(0, MX.getThreadCpuTime(e.getKey())));
    }
  }

  /** Notes the threads alive now; cheap enough to call every few milliseconds. */
  void sample() {
    int alive = 0;
    int busy = 0;
    int jvm = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      jvm++;
      if (t.getName().startsWith("atrack-")) {
        alive++;
        if (t.getState() == Thread.State.RUNNABLE) {
          busy++;
        }
        names.putIfAbsent(t.getId(), t.getName());
      }
    }
    maxAlive = Math.max(maxAlive, alive);
    maxBusy = Math.max(maxBusy, busy);
    maxJvm = Math.max(maxJvm, jvm);
  }

  /**
   * {@code sdkThreads=N sdkBusyThreads=M sdkCpuThreads=C jvmThreads=K sdkThreadCpuMs=name:ms,...}.
   */
  String report() {
    sample();
    double wall = System.nanoTime() - start;
    int cpuBusy = 0;
    Map<String, Long> cpu = new TreeMap<>();
    for (Map.Entry<Long, String> e : names.entrySet()) {
      long now = MX.getThreadCpuTime(e.getKey());
      long used = now < 0 ? 0 : now - cpuAtStart.getOrDefault(e.getKey(), 0L);
      if (used >= 0.05 * wall) {
        cpuBusy++;
      }
      cpu.merge(e.getValue(), used, Long::sum);
    }
    // The six busiest, then how many others: 32 thread-per-request senders would flood the line.
    StringBuilder sb = new StringBuilder();
    cpu.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .limit(6)
        .forEach(
            e ->
                sb.append(sb.length() == 0 ? "" : ",")
                    .append(e.getKey())
                    .append(':')
                    .append(e.getValue() / 1_000_000));
    if (cpu.size() > 6) {
      sb.append(",+").append(cpu.size() - 6).append("_more");
    }
    return "sdkThreads="
        + maxAlive
        + " sdkBusyThreads="
        + maxBusy
        + " sdkCpuThreads="
        + cpuBusy
        + " jvmThreads="
        + maxJvm
        + " sdkThreadCpuMs="
        + (sb.length() == 0 ? "-" : sb);
  }
}
