package io.atrack.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * The hot frames of a JFR recording ({@code jdk.ExecutionSample}): per thread group (names without
 * digits), the methods on top of the stack ("self") and the A-Track methods anywhere on it
 * ("total"), as shares of the samples. What {@code jfr print --events jdk.ExecutionSample} shows,
 * counted.
 *
 * <pre>
 * java -cp benchmarks.jar io.atrack.benchmarks.harness.JfrTop results/latency-50ms-atrack.jfr [top=15]
 * </pre>
 */
public final class JfrTop {
  private JfrTop() {}

  public static void main(String[] argv) throws IOException {
    Args args = new Args(argv, 1);
    int top = args.getInt("top", 15);
    Map<String, Long> self = new HashMap<>();
    Map<String, Long> total = new HashMap<>();
    Map<String, Long> threads = new HashMap<>();
    long samples = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(argv[0]))) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      RecordedStackTrace st = e.getStackTrace();
      if (st == null || st.getFrames().isEmpty()) {
        continue;
      }
      samples++;
      RecordedThread t = e.getThread("sampledThread");
      String group = t == null ? "?" : ThreadCpu.group(t.getJavaName());
      threads.merge(group, 1L, Long::sum);
      List<RecordedFrame> frames = st.getFrames();
      self.merge(group + " | " + name(frames.get(0).getMethod()), 1L, Long::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame f : frames) {
        String m = name(f.getMethod());
        if (m.startsWith("io.atrack.sdk") && seen.add(m)) {
          total.merge(group + " | " + m, 1L, Long::sum);
        }
      }
    }
    System.out.println("samples=" + samples);
    print("threads (share of samples)", threads, samples, top);
    print("self: method on top of the stack", self, samples, top);
    print("total: A-Track methods anywhere on the stack", total, samples, top);
  }

  private static String name(RecordedMethod m) {
    return m == null ? "?" : m.getType().getName() + "." + m.getName();
  }

  private static void print(String title, Map<String, Long> counts, long samples, int top) {
    System.out.println();
    System.out.println(title);
    counts.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .limit(top)
        .forEach(
            e -> System.out.printf("  %5.1f %%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
  }
}
