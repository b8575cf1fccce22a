package io.atrack.benchmarks.clients;

import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.TrackMessage;
import io.atrack.benchmarks.Workload;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Segment's analytics-java with its defaults (batches of up to 250 messages, one looper thread,
 * OkHttp), pointed at the local collector: {@code enqueue(TrackMessage.builder(...))}.
 */
public final class SegmentClient implements Client {
  private final Analytics analytics;
  private final LongAdder succeeded = new LongAdder();
  private final LongAdder failedCount = new LongAdder();
  private final AtomicLong enqueued = new AtomicLong();
  private final Map<String, Object> context = Workload.contextMap();

  public SegmentClient(String collectorUrl) {
    this.analytics =
        Analytics.builder("bench_write_key")
            .endpoint(collectorUrl)
            .callback(
                new Callback() {
                  @Override
                  public void success(Message message) {
                    succeeded.increment();
                  }

                  @Override
                  public void failure(Message message, Throwable throwable) {
                    failedCount.increment();
                  }
                })
            .build();
  }

  @Override
  public void send(int thread) {
    analytics.enqueue(
        TrackMessage.builder(Workload.EVENT)
            .userId(Workload.user(thread))
            .properties(Workload.ATTRIBUTES)
            .context(context));
    enqueued.incrementAndGet();
  }

  @Override
  public void flushSoon() {
    analytics.flush();
  }

  @Override
  public boolean awaitDelivered(Duration timeout) throws InterruptedException {
    analytics.flush();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (succeeded.sum() + failedCount.sum() < enqueued.get()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(200_000);
    }
    return true;
  }

  @Override
  public long rejected() {
    return 0; // enqueue() blocks or throws; its default queue is unbounded
  }

  @Override
  public long delivered() {
    return succeeded.sum();
  }

  @Override
  public long failed() {
    return failedCount.sum();
  }

  @Override
  public void close() {
    analytics.shutdown();
  }
}
