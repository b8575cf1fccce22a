package io.atrack.spring;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.RequestKind;
import io.atrack.sdk.Stats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The client's meters, read from {@link ATrack#stats()} when the registry asks (a scrape or a
 * push), so calls pay nothing for them:
 *
 * <ul>
 *   <li>{@code atrack.requests} (counter), tags {@code kind} = {@code init|attributes|event} and
 *       {@code outcome} = {@code delivered|failed|rejected};
 *   <li>{@code atrack.retries} (counter): retry attempts;
 *   <li>{@code atrack.queue.size} (gauge): requests held now (queued, waiting for a retry or in
 *       flight).
 * </ul>
 */
final class ATrackMeters implements MeterBinder {
  private final ATrack client;

  ATrackMeters(ATrack client) {
    this.client = client;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (RequestKind kind : RequestKind.values()) {
      requests(registry, kind, "delivered", s -> s.delivered(kind));
      requests(registry, kind, "failed", s -> s.failed(kind));
      requests(registry, kind, "rejected", s -> s.rejected(kind));
    }
    FunctionCounter.builder("atrack.retries", client, c -> c.stats().retried())
        .description("Retry attempts made by the A-Track client")
        .register(registry);
    Gauge.builder("atrack.queue.size", client, c -> held(c.stats()))
        .description("Requests the A-Track client holds: queued, waiting for a retry or in flight")
        .baseUnit("requests")
        .register(registry);
  }

  private void requests(
      MeterRegistry registry, RequestKind kind, String outcome, ToDoubleFunction<Stats> count) {
    FunctionCounter.builder("atrack.requests", client, c -> count.applyAsDouble(c.stats()))
        .description("A-Track requests by kind and how they ended")
        .baseUnit("requests")
        .tag("kind", kind.name().toLowerCase(Locale.ROOT))
        .tag("outcome", outcome)
        .register(registry);
  }

  private static double held(Stats s) {
    return s.queued() + s.inFlight();
  }
}
