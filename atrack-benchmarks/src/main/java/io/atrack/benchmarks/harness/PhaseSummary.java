package io.atrack.benchmarks.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The tables of issue 12's phases (latency, tls, burst) for {@link Summary}, with a verdict per
 * goal: events/s at 50 and 200 ms, nothing rejected, at most 4 busy SDK threads, CPU per event
 * within 1.1 x the minimal client over plain HTTP and TLS, and the caller's p50/p99 in bursts of
 * 10,000 and its p50 at 2,000 calls/s no worse than the best peer's.
 */
final class PhaseSummary {
  private static final String[] CLIENTS = {"atrack", "atrack-serial", "segment", "posthog"};

  private PhaseSummary() {}

  static void latency(List<Map<String, String>> rows, List<String> verdicts) {
    List<Map<String, String>> lat = of(rows, "latency");
    if (lat.isEmpty()) {
      return;
    }
    for (Map<String, String> r : lat) {
      if ("1".equals(r.get("serial"))) {
        r.put("client", r.get("client") + "-serial");
      }
    }
    System.out.println(
        "Events/s at the collector, one client with default settings, per answer delay"
            + " (5,000 then 20,000 events; * = not finished in time)");
    TreeSet<Integer> delays = new TreeSet<>();
    lat.forEach(r -> delays.add(Integer.parseInt(r.get("delayMs"))));
    StringBuilder header = new StringBuilder(String.format("%-13s %7s", "client", "events"));
    delays.forEach(d -> header.append(String.format(" %14s", d + " ms")));
    System.out.println(header + "   rejected  SDK threads alive/busy/using CPU, per delay");
    for (String client : CLIENTS) {
      for (String n : new String[] {"5000", "20000"}) {
        StringBuilder line = new StringBuilder(String.format("%-13s %7s", client, n));
        long rejected = 0;
        StringBuilder threads = new StringBuilder();
        boolean any = false;
        for (int d : delays) {
          Map<String, String> r = find(lat, client, d, n);
          if (r == null) {
            line.append(String.format(" %14s", "-"));
            continue;
          }
          any = true;
          line.append(
              String.format(
                  " %13.0f%s",
                  Summary.d(r, "events_per_s"), "true".equals(r.get("complete")) ? " " : "*"));
          rejected += Long.parseLong(r.get("rejected"));
          if (client.equals("atrack")) {
            threads
                .append(threads.length() == 0 ? "" : " ")
                .append(r.get("sdkThreads"))
                .append('/')
                .append(r.get("sdkBusyThreads"))
                .append('/')
                .append(r.getOrDefault("sdkCpuThreads", "?"));
          }
        }
        if (any) {
          System.out.println(line + String.format("   %8d  %s", rejected, threads));
        }
      }
    }
    System.out.println(
        "(atrack-serial: the same collector taking each connection's requests one at a time,"
            + " as nginx and most proxies do)");
    System.out.println();
    goal(lat, verdicts, "atrack", 50, 10_000);
    goal(lat, verdicts, "atrack", 200, 5_000);
    goal(lat, verdicts, "atrack-serial", 50, 10_000);
    goal(lat, verdicts, "atrack-serial", 200, 5_000);
    Map<String, String> sdk50 = best(lat, "atrack", 50);
    Map<String, String> seg50 = best(lat, "segment", 50);
    if (sdk50 != null && seg50 != null) {
      double ratio = Summary.d(sdk50, "events_per_s") / Summary.d(seg50, "events_per_s");
      verdicts.add(
          Summary.verdict(
              ratio >= 2.5,
              String.format("latency 50 ms: %.2f x Segment's events/s >= 2.5", ratio)));
    }
    long runs = 0;
    long rejected = 0;
    int busy = 0;
    int alive = 0;
    for (Map<String, String> r : lat) {
      if (r.get("client").startsWith("atrack")) {
        runs++;
        rejected += Long.parseLong(r.get("rejected"));
        busy = Math.max(busy, Integer.parseInt(r.get("sdkBusyThreads")));
        alive = Math.max(alive, Integer.parseInt(r.get("sdkThreads")));
      }
    }
    if (runs > 0) {
      verdicts.add(
          Summary.verdict(
              rejected == 0,
              "latency: "
                  + rejected
                  + " calls rejected over the SDK's "
                  + runs
                  + " runs (goal 0)"));
      verdicts.add(
          Summary.verdict(
              busy <= 4,
              String.format(
                  "latency: at most %d SDK threads busy at once <= 4 (at most %d alive)",
                  busy, alive)));
    }
  }

  private static void goal(
      List<Map<String, String>> lat, List<String> verdicts, String client, int delay, int target) {
    Map<String, String> r = best(lat, client, delay);
    if (r != null) {
      double eps = Summary.d(r, "events_per_s");
      verdicts.add(
          Summary.verdict(
              eps >= target,
              String.format("latency %d ms: %s %.0f events/s >= %,d", delay, client, eps, target)));
    }
  }

  /** The 20,000-event row if it finished, else the 5,000 one. */
  private static Map<String, String> best(List<Map<String, String>> lat, String client, int d) {
    Map<String, String> big = find(lat, client, d, "20000");
    return big != null && "true".equals(big.get("complete")) ? big : find(lat, client, d, "5000");
  }

  private static Map<String, String> find(
      List<Map<String, String>> lat, String client, int delay, String events) {
    for (Map<String, String> r : lat) {
      if (r.get("client").equals(client)
          && Integer.parseInt(r.get("delayMs")) == delay
          && r.get("events").equals(events)) {
        return r;
      }
    }
    return null;
  }

  static void cpu(List<Map<String, String>> rows, List<String> verdicts) {
    List<Map<String, String>> cpu = of(rows, "cpu");
    if (cpu.isEmpty()) {
      return;
    }
    System.out.println(
        "CPU per delivered event, this JVM (DelayCollector at 0 ms in its own process);"
            + " ratio to the cheapest minimal socket client of the same scheme");
    System.out.printf(
        "%-8s %5s %-10s %11s %9s %10s %12s %8s%n",
        "scheme",
        "round",
        "client",
        "connections",
        "events/s",
        "µs CPU/ev",
        "collector µs",
        "CPU ÷");
    Map<String, Double> cheapest = new LinkedHashMap<>();
    for (Map<String, String> r : cpu) {
      if (r.get("client").equals("socket")) {
        cheapest.merge(key(r), Summary.d(r, "cpu_us_per_event"), Math::min);
      }
    }
    for (Map<String, String> r : cpu) {
      Double base = cheapest.get(key(r));
      double ratio = base == null ? Double.NaN : Summary.d(r, "cpu_us_per_event") / base;
      boolean sdk = r.get("client").startsWith("atrack");
      System.out.printf(
          "%-8s %5s %-10s %11s %9.0f %10.1f %12.1f %8.2f%n",
          r.get("scheme"),
          r.getOrDefault("round", "1"),
          sdk ? "A-Track" : "minimal",
          r.getOrDefault("collectorConnections", sdk ? "?" : r.get("threads")),
          Summary.d(r, "events_per_s"),
          Summary.d(r, "cpu_us_per_event"),
          Summary.d(r, "collector_cpu_us_per_event"),
          ratio);
      if (sdk) {
        verdicts.add(
            Summary.verdict(
                ratio <= 1.1,
                String.format(
                    "CPU per event over %s (round %s): %.1f µs, %.2f x the cheapest minimal"
                        + " client of the round <= 1.1",
                    r.get("scheme"),
                    r.getOrDefault("round", "1"),
                    Summary.d(r, "cpu_us_per_event"),
                    ratio)));
      }
    }
    System.out.println();
  }

  /** Scheme and round: the minimal clients an SDK row is compared with ran beside it. */
  private static String key(Map<String, String> r) {
    return r.get("scheme") + "/" + r.getOrDefault("round", "1");
  }

  /** Verdicts for the caller rows of the burst phase (bursts of 10,000) and the steady rate. */
  static void burst(List<Map<String, String>> rows, List<String> verdicts) {
    List<Map<String, String>> caller = of(rows, "caller");
    List<Map<String, String>> bursts = new ArrayList<>();
    for (Map<String, String> r : caller) {
      if ("burst".equals(r.get("mode")) && "10000".equals(r.get("burst"))) {
        bursts.add(r);
      }
    }
    compare(bursts, "median_ns", "bursts of 10,000: p50", verdicts);
    compare(bursts, "p99_ns", "bursts of 10,000: p99", verdicts);
    List<Map<String, String>> steady = new ArrayList<>();
    for (Map<String, String> r : caller) {
      if ("steady".equals(r.get("mode"))) {
        steady.add(r);
      }
    }
    compare(steady, "median_ns", "steady 2,000 calls/s: p50", verdicts);
  }

  private static void compare(
      List<Map<String, String>> rows, String key, String what, List<String> verdicts) {
    Map<String, String> sdk = null;
    Map<String, String> peer = null;
    for (Map<String, String> r : rows) {
      if (r.get("client").equals("atrack")) {
        sdk = sdk == null ? r : sdk;
      } else if (!r.get("client").startsWith("atrack")
          && (peer == null || Summary.d(r, key) < Summary.d(peer, key))) {
        peer = r;
      }
    }
    if (sdk != null && peer != null) {
      verdicts.add(
          Summary.verdict(
              Summary.d(sdk, key) <= Summary.d(peer, key),
              String.format(
                  "track() %s %.2f µs <= best peer's (%s %.2f µs)",
                  what,
                  Summary.d(sdk, key) / 1e3,
                  peer.get("client"),
                  Summary.d(peer, key) / 1e3)));
    }
  }

  private static List<Map<String, String>> of(List<Map<String, String>> rows, String kind) {
    List<Map<String, String>> out = new ArrayList<>();
    for (Map<String, String> r : rows) {
      if (r.get("kind").equals(kind)) {
        out.add(r);
      }
    }
    return out;
  }
}
