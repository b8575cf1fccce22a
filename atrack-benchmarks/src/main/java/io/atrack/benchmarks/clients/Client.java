package io.atrack.benchmarks.clients;

import java.time.Duration;

/**
 * One analytics SDK as the harnesses drive it: a call on the caller's thread, and a way to wait
 * until everything called so far has been delivered.
 */
public interface Client extends AutoCloseable {
  /** Called once on each caller thread before it calls {@link #send}. */
  default void prepareThread(int thread) {}

  /** The call a user makes for one event: {@code track}, {@code enqueue} or {@code capture}. */
  void send(int thread);

  /**
   * Asks the client to send what it holds now, without waiting: what a user's last call before a
   * pause leaves queued. Segment's batches otherwise wait up to 10 s for company; the others send
   * at once (or, PostHog, within a second) and do nothing here.
   */
  default void flushSoon() {}

  /** Waits until every event accepted so far has been delivered (or failed); false on timeout. */
  boolean awaitDelivered(Duration timeout) throws InterruptedException;

  /** Events refused at the call (queue full), never accepted. */
  long rejected();

  /** Events acknowledged by the collector. */
  long delivered();

  /** Events that finally failed after being accepted. */
  long failed();

  @Override
  void close();

  /**
   * Builds a client by name: {@code atrack}, {@code segment}, {@code posthog}, or {@code none}
   * (does nothing: the harness's own cost).
   */
  static Client create(String name, String collectorUrl, int maxQueueSize) {
    return switch (name) {
      case "atrack" -> new ATrackClient(collectorUrl, maxQueueSize);
      case "atrack-outbox" ->
          new ATrackClient(
              collectorUrl, maxQueueSize, false, Integer.getInteger("inFlight", 0), true);
      case "segment" -> new SegmentClient(collectorUrl);
      case "posthog" -> new PostHogClient(collectorUrl);
      case "none" -> new NoClient();
      default ->
          throw new IllegalArgumentException(
              "unknown client " + name + " (atrack|atrack-outbox|segment|posthog|none)");
    };
  }
}
