package io.atrack.spring;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.Stats;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code atrack} health contributor. Always {@code UP}: an analytics outage or a refused key
 * must not take the application out of its load balancer, so the trouble shows in the details
 * instead: {@code keyRefused} (the API answered 401/403 and nothing was delivered since), the
 * queue's use, and the delivery counters. Liveness and readiness groups do not include it unless
 * you add it.
 */
final class ATrackHealthIndicator extends AbstractHealthIndicator {
  private final ATrack client;
  private final @Nullable DeliveryMonitor monitor;
  private final @Nullable Integer maxQueueSize;

  ATrackHealthIndicator(
      ATrack client, @Nullable DeliveryMonitor monitor, @Nullable Integer maxQueueSize) {
    super("A-Track health check failed");
    this.client = client;
    this.monitor = monitor;
    this.maxQueueSize = maxQueueSize;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    builder.up().withDetail("enabled", client.enabled());
    if (!client.enabled()) {
      return;
    }
    Stats s = client.stats();
    long held = s.queued() + s.inFlight();
    builder.withDetail("queued", s.queued()).withDetail("inFlight", s.inFlight());
    Integer max = maxQueueSize;
    if (max != null) {
      builder
          .withDetail("maxQueueSize", max)
          .withDetail("queueUsage", Math.round(1000.0 * held / max) / 1000.0);
    }
    builder
        .withDetail("delivered", s.delivered())
        .withDetail("failed", s.failed())
        .withDetail("rejected", s.rejected())
        .withDetail("retried", s.retried());
    DeliveryMonitor m = monitor;
    DeliveryMonitor.Refusal refusal = m == null ? null : m.lastRefusal();
    boolean refused = refusal != null && s.delivered() == refusal.deliveredBefore();
    builder.withDetail("keyRefused", refused);
    if (m != null && refusal != null) {
      builder
          .withDetail("keyRefusals", m.keyRefusals())
          .withDetail("lastKeyRefusal", refusal.status() + " at " + refusal.at());
    }
  }
}
