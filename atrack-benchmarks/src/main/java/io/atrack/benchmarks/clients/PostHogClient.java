package io.atrack.benchmarks.clients;

import com.posthog.java.HttpSender;
import com.posthog.java.PostHog;
import com.posthog.java.QueueManager;
import com.posthog.java.Sender;
import com.posthog.java.shaded.org.json.JSONObject;
import io.atrack.benchmarks.Workload;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * PostHog's Java SDK (com.posthog.java:posthog) with its default queue (a send when 50 events wait
 * or one second passed, checked every 100 ms) and its {@code HttpSender}, wrapped only to count
 * what the collector acknowledged: {@code capture(distinctId, event, properties)}.
 */
public final class PostHogClient implements Client {
  private final PostHog posthog;
  private final LongAdder succeeded = new LongAdder();
  private final LongAdder failedCount = new LongAdder();
  private final AtomicLong captured = new AtomicLong();
  private final Map<String, Object> properties;

  public PostHogClient(String collectorUrl) {
    HttpSender http = new HttpSender.Builder("phc_bench_key").host(collectorUrl).build();
    Sender counting =
        new Sender() {
          @Override
          public Boolean send(List<JSONObject> events) {
            Boolean ok = http.send(events);
            (Boolean.TRUE.equals(ok) ? succeeded : failedCount).add(events.size());
            return ok;
          }

          @Override
          public JSONObject post(String route, String distinctId) {
            return http.post(route, distinctId);
          }
        };
    QueueManager queue = new QueueManager.Builder(counting).build();
    this.posthog = new PostHog.BuilderWithCustomQueueManager(queue, counting).build();
    Map<String, Object> p = new LinkedHashMap<>(Workload.ATTRIBUTES);
    p.put("$current_url", "https://shop.example.com/checkout/confirm?step=3&source=newsletter");
    p.put("$referrer", "https://shop.example.com/cart");
    p.put("$ip", "134.122.17.144");
    p.put(
        "$user_agent",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36");
    p.put("$locale", "de-DE");
    p.put("$timezone", "Europe/Berlin");
    this.properties = p;
  }

  @Override
  public void send(int thread) {
    posthog.capture(Workload.user(thread), Workload.EVENT, properties);
    captured.incrementAndGet();
  }

  @Override
  public boolean awaitDelivered(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (succeeded.sum() + failedCount.sum() < captured.get()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(200_000);
    }
    return true;
  }

  @Override
  public long rejected() {
    return 0; // capture() never refuses: its queue is unbounded
  }

  @Override
  public long delivered() {
    return succeeded.sum();
  }

  @Override
  public long failed() {
    return failedCount.sum();
  }

  /** Stops the queue thread, which sends what is left at once: the end of a throughput run. */
  @Override
  public void close() {
    posthog.shutdown();
  }
}
