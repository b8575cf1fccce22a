package io.atrack.benchmarks.harness;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.atrack.benchmarks.Workload;
import io.atrack.benchmarks.collector.Collector;
import io.atrack.sdk.ATrack;
import io.atrack.sdk.RequestContext;
import io.atrack.sdk.Stats;
import io.atrack.sdk.TrackRequest;
import io.atrack.sdk.internal.delivery.OutboundRequest;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.HdrHistogram.Histogram;

/**
 * Heap under overload: {@code calls} {@code track} calls while the collector accepts connections
 * and never answers, so nothing is ever delivered and the SDK must bound what it holds. Prints the
 * heap retained after GC against the configured {@code maxQueueBytes}, the accepted and rejected
 * counts (rejected must equal the excess), the longest GC pause and the caller's per-call latency.
 *
 * <pre>
 * java -Xmx1g -cp benchmarks.jar io.atrack.benchmarks.harness.Overload calls=1000000 \
 *     maxQueueSize=1000000 maxQueueBytes=33554432
 * </pre>
 */
public final class Overload {
  private Overload() {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv, 0);
    int calls = args.getInt("calls", 1_000_000);
    int maxQueueSize = args.getInt("maxQueueSize", 10_000);
    long maxQueueBytes = Long.parseLong(args.get("maxQueueBytes", Long.toString(32L << 20)));

    AtomicLong peakAfterGc = new AtomicLong();
    AtomicLong maxPauseMs = new AtomicLong();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc)
          .addNotificationListener(
              (n, h) -> {
                if (!n.getType()
                    .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                  return;
                }
                var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                long used = 0;
                for (MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values()) {
                  used += u.getUsed();
                }
                peakAfterGc.accumulateAndGet(used, Math::max);
                maxPauseMs.accumulateAndGet(info.getGcInfo().getDuration(), Math::max);
              },
              null,
              null);
    }

    try (Collector stalled = Collector.stalled(0);
        ATrack sdk =
            Workload.sdk(stalled.url())
                .maxQueueSize(maxQueueSize)
                .maxQueueBytes(maxQueueBytes)
                .requestTimeout(Duration.ofMinutes(5))
                .closeTimeout(Duration.ofMillis(500))
                .build()) {
      RequestContext.Scope ignored = Workload.CONTEXT.makeCurrent();
      String user = Workload.user(0);
      long bodyBytes = Workload.bodyBytes();
      long cost = bodyBytes + OutboundRequest.OVERHEAD_BYTES;

      // Let the client settle; the baseline is the heap before the first call.
      Thread.sleep(200);
      long baseline = settledHeap();
      peakAfterGc.set(0);
      maxPauseMs.set(0);

      var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long id = Thread.currentThread().getId();
      Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
      long bytes0 = threads.getThreadAllocatedBytes(id);
      long gcs0 = Cpu.gcCount();
      long t0 = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        long a = System.nanoTime();
        var unused =
            sdk.track(
                TrackRequest.builder(Workload.EVENT)
                    .uuid(user)
                    .attributes(Workload.ATTRIBUTES)
                    .build());
        h.recordValue(Math.min(System.nanoTime() - a, TimeUnit.SECONDS.toNanos(10)));
      }
      long wall = System.nanoTime() - t0;
      long allocated = threads.getThreadAllocatedBytes(id) - bytes0;
      long gcs = Cpu.gcCount() - gcs0;
      long retained = settledHeap() - baseline;
      long peak = Math.max(0, peakAfterGc.get() - baseline);
      Stats s = sdk.stats();
      long accepted = s.enqueued();
      long charged = accepted * cost;
      System.out.printf(
          "RESULT overload calls=%d maxQueueSize=%d maxQueueBytes=%d body_bytes=%d"
              + " accepted=%d rejected=%d rejected_equals_excess=%s charged_bytes=%d"
              + " retained_after_gc=%d peak_after_gc_above_baseline=%d retained_per_request=%.0f"
              + " retained_vs_maxQueueBytes=%.2f gcs=%d max_gc_pause_ms=%d seconds=%.2f"
              + " call_median_ns=%d call_p99_ns=%d call_p999_ns=%d call_max_ns=%d"
              + " bytes_per_call=%.0f inFlight=%d queued=%d connections=%d%n",
          calls,
          maxQueueSize,
          maxQueueBytes,
          bodyBytes,
          accepted,
          s.rejected(),
          s.rejected() == calls - accepted,
          charged,
          retained,
          peak,
          accepted == 0 ? 0.0 : (double) retained / accepted,
          (double) retained / maxQueueBytes,
          gcs,
          maxPauseMs.get(),
          wall / 1e9,
          h.getValueAtPercentile(50),
          h.getValueAtPercentile(99),
          h.getValueAtPercentile(99.9),
          h.getMaxValue(),
          (double) allocated / calls,
          s.inFlight(),
          s.queued(),
          stalled.connections());
    }
    System.exit(0);
  }

  /** Heap used after full collections, once it stops shrinking. */
  private static long settledHeap() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(50);
      long used = memory.getHeapMemoryUsage().getUsed();
      if (used >= last - 64 * 1024) {
        return Math.min(used, last);
      }
      last = used;
    }
    return last;
  }
}
