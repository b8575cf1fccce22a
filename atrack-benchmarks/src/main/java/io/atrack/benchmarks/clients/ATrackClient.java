package io.atrack.benchmarks.clients;

import io.atrack.benchmarks.Workload;
import io.atrack.sdk.ATrack;
import io.atrack.sdk.InitRequest;
import io.atrack.sdk.OutboxSync;
import io.atrack.sdk.QueueFullPolicy;
import io.atrack.sdk.RequestContext;
import io.atrack.sdk.Stats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The A-Track SDK: {@code track(event, attributes)} inside a {@link RequestContext} scope whose
 * current user was set by {@code init}, as a servlet filter leaves it.
 */
public final class ATrackClient implements Client {
  private final ATrack sdk;
  private final Path outbox; // null: memory only

  /**
   * @param maxQueueSize the SDK's bound; 0 for the default; with {@code blockWhenFull} the caller
   *     waits for room instead of being rejected; {@code maxInFlight} 0 for the default (the
   *     two-argument form reads it from {@code -DinFlight=N})
   */
  public ATrackClient(String collectorUrl, int maxQueueSize) {
    this(collectorUrl, maxQueueSize, false, Integer.getInteger("inFlight", 0));
  }

  public ATrackClient(
      String collectorUrl, int maxQueueSize, boolean blockWhenFull, int maxInFlight) {
    this(collectorUrl, maxQueueSize, blockWhenFull, maxInFlight, false);
  }

  /**
   * With {@code durable}, the SDK's outbox is on, in a new temporary directory deleted by {@link
   * #close()}; its sync policy is {@code -Doutbox.sync=NONE|INTERVAL|EVERY_CALL} (default INTERVAL,
   * every 100 ms).
   */
  public ATrackClient(
      String collectorUrl,
      int maxQueueSize,
      boolean blockWhenFull,
      int maxInFlight,
      boolean durable) {
    var b = Workload.sdk(collectorUrl);
    if (durable) {
      try {
        outbox = Files.createTempDirectory("atrack-outbox-bench");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      b.outbox(outbox)
          .outboxSync(OutboxSync.valueOf(System.getProperty("outbox.sync", "INTERVAL")));
    } else {
      outbox = null;
    }
    if (maxQueueSize > 0) {
      b.maxQueueSize(maxQueueSize).maxQueueBytes(Math.max(32L << 20, maxQueueSize * 1024L));
    }
    if (blockWhenFull) {
      b.queueFullPolicy(QueueFullPolicy.BLOCK).blockTimeout(Duration.ofMinutes(1));
    }
    if (maxInFlight > 0) {
      b.maxInFlight(maxInFlight);
    }
    this.sdk = b.build();
  }

  public ATrack sdk() {
    return sdk;
  }

  @Override
  public void prepareThread(int thread) {
    // Left open on purpose: the caller thread stays "inside a request" for the whole run.
    RequestContext.Scope ignored = Workload.CONTEXT.makeCurrent();
    sdk.init(InitRequest.forUser(Workload.user(thread))).join();
  }

  @Override
  public void send(int thread) {
    // Fire and forget, as a user would; delivery is counted by the collector.
    var unused = sdk.track(Workload.EVENT, Workload.ATTRIBUTES);
  }

  @Override
  public boolean awaitDelivered(Duration timeout) throws InterruptedException {
    try {
      sdk.flush().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public long rejected() {
    return sdk.stats().rejected();
  }

  @Override
  public long delivered() {
    return sdk.stats().delivered();
  }

  @Override
  public long failed() {
    return sdk.stats().failed();
  }

  public Stats stats() {
    return sdk.stats();
  }

  @Override
  public void close() {
    sdk.close();
    if (outbox != null) {
      try (Stream<Path> files = Files.list(outbox)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
        Files.deleteIfExists(outbox);
      } catch (IOException e) {
        System.err.println("could not delete " + outbox + ": " + e);
      }
    }
  }
}
