package io.atrack.benchmarks.harness;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** Process CPU time of this JVM and of other processes (the collector), in nanoseconds. */
final class Cpu {
  private static final long CLOCK_TICK_NANOS = 10_000_000L; // USER_HZ = 100 on Linux

  private Cpu() {}

  /** CPU time of this JVM, every thread (callers, senders, JIT, GC). */
  static long processNanos() {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return os.getProcessCpuTime();
  }

  /** utime + stime of the given pids from /proc (10 ms resolution); 0 when none or unreadable. */
  static long otherNanos(String pids) {
    if (pids == null || pids.isBlank()) {
      return 0;
    }
    long total = 0;
    for (String pid : pids.trim().split("[ ,]+", -1)) {
      try {
        String stat = Files.readString(Path.of("/proc", pid, "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
        // fields after ")": state(0) ppid(1) ... utime is field 14 overall -> index 11 here
        total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) * CLOCK_TICK_NANOS;
      } catch (IOException | RuntimeException e) {
        // process gone or not ours to read: count nothing
      }
    }
    return total;
  }

  /**
   * Voluntary plus involuntary context switches of this JVM's live threads, from
   * /proc/self/task/{@literal *}/status (threads that ended take theirs with them); 0 off Linux.
   */
  static long contextSwitches() {
    long total = ENDED.get();
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:")
                || line.startsWith("nonvoluntary_ctxt_switches:")) {
              total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
          }
        } catch (IOException | RuntimeException e) {
          // thread ended meanwhile
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return total;
  }

  /** Context switches of threads that ended; they add theirs by {@link #endThread()}. */
  static final java.util.concurrent.atomic.AtomicLong ENDED =
      new java.util.concurrent.atomic.AtomicLong();

  /** Called by a harness thread just before it ends, so its context switches still count. */
  static void endThread() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/thread-self/status"))) {
        if (line.startsWith("voluntary_ctxt_switches:")
            || line.startsWith("nonvoluntary_ctxt_switches:")) {
          ENDED.addAndGet(Long.parseLong(line.substring(line.indexOf(':') + 1).trim()));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
  }

  static long gcCount() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionCount());
    }
    return n;
  }

  static long gcMillis() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionTime());
    }
    return n;
  }
}
