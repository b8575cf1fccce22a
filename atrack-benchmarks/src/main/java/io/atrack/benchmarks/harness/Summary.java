package io.atrack.benchmarks.harness;

import io.atrack.benchmarks.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code RESULT} lines run.sh collected and prints the tables of the README with the
 * ratios to the minimal socket client and a verdict per target of the performance issue.
 */
public final class Summary {
  private Summary() {}

  public static void main(String[] args) throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      if (!line.startsWith("RESULT ")) {
        continue;
      }
      String[] parts = line.substring(7).split(" ", -1);
      Map<String, String> row = new LinkedHashMap<>();
      row.put("kind", parts[0]);
      for (int i = 1; i < parts.length; i++) {
        int eq = parts[i].indexOf('=');
        if (eq > 0) {
          row.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
        }
      }
      rows.add(row);
    }
    int body = Workload.bodyBytes();
    List<String> verdicts = new ArrayList<>();
    throughput(rows, verdicts);
    caller(rows, body, verdicts);
    overload(rows, verdicts);
    PhaseSummary.latency(rows, verdicts);
    PhaseSummary.cpu(rows, verdicts);
    PhaseSummary.burst(rows, verdicts);
    if (!verdicts.isEmpty()) {
      System.out.println();
      System.out.println("Targets (issues 4 and 12), this run:");
      verdicts.forEach(v -> System.out.println("  " + v));
    }
  }

  private static Map<String, String> find(
      List<Map<String, String>> rows, String kind, String... kv) {
    outer:
    for (Map<String, String> r : rows) {
      if (!r.get("kind").equals(kind)) {
        continue;
      }
      for (int i = 0; i < kv.length; i += 2) {
        if (!kv[i + 1].equals(r.get(kv[i]))) {
          continue outer;
        }
      }
      return r;
    }
    return null;
  }

  static double d(Map<String, String> r, String key) {
    return Double.parseDouble(r.getOrDefault(key, "NaN"));
  }

  private static void throughput(List<Map<String, String>> rows, List<String> verdicts) {
    if (rows.stream().noneMatch(r -> r.get("kind").equals("throughput"))) {
      return;
    }
    System.out.println(
        "End-to-end throughput (CPU = this JVM, all threads; collector = its own process;"
            + " ratios against the minimal socket client with the same number of connections)");
    System.out.printf(
        "%-22s %7s %9s %10s %12s %9s %12s %10s%n",
        "client",
        "threads",
        "events/s",
        "µs CPU/ev",
        "collector µs",
        "ctxsw/ev",
        "events/s ÷",
        "CPU ÷");
    for (Map<String, String> r : rows) {
      if (!r.get("kind").equals("throughput")) {
        continue;
      }
      Map<String, String> socket = matchingSocket(rows, r.get("threads"));
      boolean peer = r.get("client").equals("segment") || r.get("client").equals("posthog");
      System.out.printf(
          "%-22s %7s %9.0f %10.1f %12.1f %9s %12s %10s%n",
          r.get("client"),
          r.get("threads"),
          d(r, "events_per_s"),
          d(r, "cpu_us_per_event"),
          d(r, "collector_cpu_us_per_event"),
          peer ? "-" : String.format("%.2f", d(r, "ctx_switches_per_event")),
          socket == null
              ? "-"
              : String.format(
                  "%.2f (%s)",
                  d(r, "events_per_s") / d(socket, "events_per_s"), socket.get("threads")),
          socket == null
              ? "-"
              : String.format("%.2f", d(r, "cpu_us_per_event") / d(socket, "cpu_us_per_event")));
    }
    Map<String, String> segment = find(rows, "throughput", "client", "segment");
    Map<String, String> posthog = find(rows, "throughput", "client", "posthog");
    for (Map<String, String> s : rows) {
      if (!s.get("kind").equals("throughput") || !s.get("client").startsWith("atrack")) {
        continue;
      }
      String name = s.get("client");
      double cpu = d(s, "cpu_us_per_event");
      double eps = d(s, "events_per_s");
      verdicts.add(
          verdict(cpu <= 35, String.format("%s: CPU per event %.1f µs <= 35 µs", name, cpu)));
      Map<String, String> socket = matchingSocket(rows, s.get("threads"));
      if (socket != null) {
        double ratio = cpu / d(socket, "cpu_us_per_event");
        verdicts.add(
            verdict(
                ratio <= 1.1,
                String.format(
                    "%s: CPU per event %.2f x the minimal socket client with %s connection(s) <= 1.1",
                    name, ratio, socket.get("threads"))));
      }
      verdicts.add(verdict(eps >= 30_000, String.format("%s: %.0f events/s >= 30,000", name, eps)));
      if (segment != null) {
        verdicts.add(
            verdict(
                eps >= d(segment, "events_per_s"),
                String.format(
                    "%s: %.0f events/s >= Segment's %.0f", name, eps, d(segment, "events_per_s"))));
      }
      if (posthog != null) {
        verdicts.add(
            String.format(
                "        (%s vs PostHog, the best batching peer here: CPU x%.2f, events/s x%.2f)",
                name, cpu / d(posthog, "cpu_us_per_event"), eps / d(posthog, "events_per_s")));
      }
    }
    System.out.println();
  }

  /** The socket client run with {@code threads} connections, else the 4-connection one. */
  private static Map<String, String> matchingSocket(
      List<Map<String, String>> rows, String threads) {
    Map<String, String> same = find(rows, "throughput", "client", "socket", "threads", threads);
    return same != null ? same : find(rows, "throughput", "client", "socket", "threads", "4");
  }

  private static void caller(List<Map<String, String>> rows, int body, List<String> verdicts) {
    if (rows.stream().noneMatch(r -> r.get("kind").equals("caller"))) {
      return;
    }
    System.out.println("Caller cost per call (HdrHistogram of System.nanoTime around each call)");
    System.out.printf(
        "%-9s %-7s %6s %7s %9s %9s %9s %9s %9s %9s %8s %8s%n",
        "client",
        "mode",
        "burst",
        "threads",
        "median µs",
        "p99 µs",
        "p99.9 µs",
        "max µs",
        "mean µs",
        "CPU µs",
        "B/call",
        "rejected");
    for (Map<String, String> r : rows) {
      if (!r.get("kind").equals("caller")) {
        continue;
      }
      System.out.printf(
          "%-9s %-7s %6s %7s %9.2f %9.2f %9.1f %9.0f %9.2f %9s %8.0f %8s%n",
          r.get("client"),
          r.get("mode"),
          r.getOrDefault("burst", "-"),
          r.get("threads"),
          d(r, "median_ns") / 1e3,
          d(r, "p99_ns") / 1e3,
          d(r, "p999_ns") / 1e3,
          d(r, "max_ns") / 1e3,
          d(r, "mean_ns") / 1e3,
          r.containsKey("cpu_ns_per_call")
              ? String.format("%.2f", d(r, "cpu_ns_per_call") / 1e3)
              : "-",
          d(r, "bytes_per_call"),
          r.get("rejected"));
      if (r.get("client").equals("atrack")) {
        String where = r.get("mode") + ", " + r.get("threads") + " thread(s)";
        double med = d(r, "median_ns") / 1e3;
        double p99 = d(r, "p99_ns") / 1e3;
        if (r.get("mode").equals("burst")) {
          verdicts.add(
              verdict(med <= 1, String.format("track() %s: median %.2f µs <= 1 µs", where, med)));
          verdicts.add(
              verdict(p99 <= 15, String.format("track() %s: p99 %.2f µs <= 15 µs", where, p99)));
        } else {
          verdicts.add(
              verdict(med <= 3, String.format("track() %s: median %.2f µs <= 3 µs", where, med)));
        }
        double bytes = d(r, "bytes_per_call");
        verdicts.add(
            verdict(
                bytes <= 2.0 * body,
                String.format(
                    "track() %s: %.0f B allocated per call <= 2 x the %d-byte body",
                    where, bytes, body)));
      }
    }
    System.out.println();
  }

  private static void overload(List<Map<String, String>> rows, List<String> verdicts) {
    if (rows.stream().noneMatch(r -> r.get("kind").equals("overload"))) {
      return;
    }
    System.out.println("Overload (collector stalled; heap in MiB)");
    System.out.printf(
        "%-12s %-9s %9s %9s %8s %10s %12s %9s %9s %9s %9s%n",
        "maxQueueSize",
        "maxBytes",
        "accepted",
        "rejected",
        "=excess",
        "charged",
        "retained/GC",
        "peak/GC",
        "maxPause",
        "call p99",
        "call max");
    for (Map<String, String> r : rows) {
      if (!r.get("kind").equals("overload")) {
        continue;
      }
      double mib = 1024 * 1024;
      System.out.printf(
          "%-12s %-9.1f %9s %9s %8s %10.1f %12.1f %9.1f %7sms %7.1fµs %7.0fµs%n",
          r.get("maxQueueSize"),
          d(r, "maxQueueBytes") / mib,
          r.get("accepted"),
          r.get("rejected"),
          r.get("rejected_equals_excess"),
          d(r, "charged_bytes") / mib,
          d(r, "retained_after_gc") / mib,
          d(r, "peak_after_gc_above_baseline") / mib,
          r.get("max_gc_pause_ms"),
          d(r, "call_p99_ns") / 1e3,
          d(r, "call_max_ns") / 1e3);
      double retained = d(r, "retained_after_gc");
      double bound = d(r, "maxQueueBytes");
      double peak = d(r, "peak_after_gc_above_baseline");
      // The queue is at its fullest at the end (nothing is ever delivered), so the heap a full GC
      // leaves then is the peak the bound must hold. The after-young-GC peak also counts old-gen
      // garbage (the rejected calls' exceptions) that only a full GC frees: shown, not judged.
      verdicts.add(
          verdict(
              retained <= bound + 4 * 1024 * 1024,
              String.format(
                  "overload maxQueueSize=%s: heap held after full GC, queue full, %.1f MiB <= maxQueueBytes"
                      + " %.1f MiB + 4 MiB (after-young-GC peak incl. garbage: %.1f MiB)",
                  r.get("maxQueueSize"),
                  retained / (1024 * 1024),
                  bound / (1024 * 1024),
                  peak / (1024 * 1024))));
      verdicts.add(
          verdict(
              "true".equals(r.get("rejected_equals_excess")),
              "overload maxQueueSize="
                  + r.get("maxQueueSize")
                  + ": rejected count equals the excess"));
    }
  }

  static String verdict(boolean met, String what) {
    return (met ? "MET     " : "MISSED  ") + what;
  }
}
