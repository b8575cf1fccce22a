package io.atrack.benchmarks.jmh;

import io.atrack.benchmarks.collector.Collector;
import java.io.IOException;

/**
 * Where a benchmark sends: {@code -Dcollector=http://127.0.0.1:PORT} (nginx from run.sh), else an
 * in-process {@link Collector} (which adds its CPU to the process) that {@link #close()} stops.
 */
final class CollectorTarget implements AutoCloseable {
  private final String url;
  private final Collector local;

  private CollectorTarget(String url, Collector local) {
    this.url = url;
    this.local = local;
  }

  /** The {@code collector} system property's URL, else a fast in-process collector's. */
  static CollectorTarget fromProperty() throws IOException {
    String url = System.getProperty("collector");
    if (url != null) {
      return new CollectorTarget(url, null);
    }
    Collector local = Collector.fast(0);
    return new CollectorTarget(local.url(), local);
  }

  String url() {
    return url;
  }

  /** Stops the in-process collector, if this started one. */
  @Override
  public void close() {
    if (local != null) {
      local.close();
    }
  }
}
