package io.atrack.spring;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.DeliveryFailure;
import io.atrack.sdk.FailureListener;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Behind the auto-configured client's failure listener ({@link #listener()}): remembers a refused
 * key (401 or 403) for the health contributor and tells every {@link FailureListener} bean. Not a
 * listener itself, so that collecting the listener beans does not find it. Runs on the thread that
 * decided the failure (usually a delivery thread), takes no lock, and keeps one listener's
 * exception from reaching the others.
 */
final class DeliveryMonitor {
  private static final System.Logger log = System.getLogger(DeliveryMonitor.class.getName());

  private final List<FailureListener> listeners;
  private final AtomicLong keyRefusals = new AtomicLong();
  private volatile @Nullable Refusal lastRefusal;
  private volatile @Nullable ATrack client;

  DeliveryMonitor(List<FailureListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /** The client this monitor listens to, once built: lets a refusal note the delivered count. */
  void watch(ATrack client) {
    this.client = client;
  }

  /** Whether this monitor listens to {@code candidate} (not so for a client you built yourself). */
  boolean watches(ATrack candidate) {
    return client == candidate;
  }

  /** The listener to give the client's builder. */
  FailureListener listener() {
    return this::onFailure;
  }

  private void onFailure(DeliveryFailure failure) {
    int status = failure.statusCode();
    if (status == 401 || status == 403) {
      ATrack c = client;
      keyRefusals.incrementAndGet();
      lastRefusal = new Refusal(status, Instant.now(), c == null ? 0 : c.stats().delivered());
    }
    for (FailureListener listener : listeners) {
      try {
        listener.onFailure(failure);
      } catch (RuntimeException e) {
        log.log(
            System.Logger.Level.WARNING,
            () -> "A-Track failure listener " + listener.getClass().getName() + " threw",
            e);
      }
    }
  }

  /** How many requests the API refused with 401 or 403 since startup. */
  long keyRefusals() {
    return keyRefusals.get();
  }

  /** The latest 401/403, or null when none came. */
  @Nullable Refusal lastRefusal() {
    return lastRefusal;
  }

  /**
   * A refusal of the key.
   *
   * @param status 401 or 403
   * @param at when it was seen
   * @param deliveredBefore the client's delivered count then: a delivery since shows the key works
   */
  record Refusal(int status, Instant at, long deliveredBefore) {}
}
