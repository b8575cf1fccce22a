package io.atrack.benchmarks.harness;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CPU time per group of Java threads between two points, so a run's cost per event can be split
 * into callers, sender threads and {@code other}: process CPU minus the Java threads alive at the
 * end, that is GC and JIT threads plus threads that ended in the window without reporting through
 * {@link #ending()} (the peers' sender threads, stopped by their shutdown).
 */
final class ThreadCpu {
  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
  private static final Map<String, Long> ENDED = new ConcurrentHashMap<>();

  private final Map<Long, Long> start = new HashMap<>();
  private final long processStart;

  private ThreadCpu() {
    for (long id : MX.getAllThreadIds()) {
      start.put(id, Math.max(0, MX.getThreadCpuTime(id)));
    }
    processStart = Cpu.processNanos();
  }

  static ThreadCpu start() {
    ENDED.clear();
    return new ThreadCpu();
  }

  /** Called by a thread about to end, so its CPU time still counts in its group. */
  static void ending() {
    ENDED.merge(group(Thread.currentThread().getName()), MX.getCurrentThreadCpuTime(), Long::sum);
  }

  static String group(String name) {
    String g = name.replaceAll("[-#]?\\d+", "");
    return g.isEmpty() ? name : g;
  }

  /** {@code group:µs-per-event,...} from the start to now, plus {@code other} (see above). */
  String perEvent(long events) {
    Map<String, Long> groups = new TreeMap<>(ENDED);
    long javaTotal = ENDED.values().stream().mapToLong(Long::longValue).sum();
    long[] ids = MX.getAllThreadIds();
    ThreadInfo[] infos = MX.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      if (infos[i] == null) {
        continue;
      }
      long cpu = MX.getThreadCpuTime(ids[i]);
      if (cpu < 0) {
        continue;
      }
      long delta = cpu - start.getOrDefault(ids[i], 0L);
      groups.merge(group(infos[i].getThreadName()), delta, Long::sum);
      javaTotal += delta;
    }
    long jvm = Cpu.processNanos() - processStart - javaTotal;
    StringBuilder sb = new StringBuilder();
    groups.entrySet().stream()
        .filter(e -> e.getValue() / 1e3 / events >= 0.05)
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .forEach(
            e ->
                sb.append(sb.length() == 0 ? "" : ",")
                    .append(e.getKey().replace(' ', '_'))
                    .append(':')
                    .append(String.format("%.2f", e.getValue() / 1e3 / events)));
    sb.append(",other:").append(String.format("%.2f", jvm / 1e3 / events));
    return sb.toString();
  }
}
