package io.atrack.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.InitRequest;
import io.atrack.sdk.TrackRequest;
import io.atrack.testkit.FakeCollectorExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The meters: names and tags fixed by the issue, values read from the client's counters. */
@Timeout(30)
class ATrackMetricsTest {
  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ATrackAutoConfiguration.class, ATrackMetricsAutoConfiguration.class))
          .withPropertyValues(
              "atrack.public-key=pub_test_0123456789abcd",
              "atrack.base-url=" + collector.baseUrl(),
              "atrack.retry.initial-backoff=1ms");

  @Test
  void countsRequestsByKindAndOutcomeRetriesAndTheQueue() {
    collector.respond(503, 200, 400); // init retried once then delivered; the first event fails
    runner.run(
        context -> {
          ATrack sdk = context.getBean(ATrack.class);
          MeterRegistry registry = new SimpleMeterRegistry();
          context.getBean("atrackMeterBinder", MeterBinder.class).bindTo(registry);

          sdk.init(InitRequest.forUser("u")).join();
          var failed = sdk.track(TrackRequest.builder("e").uuid("u").build());
          assertThatThrownBy(failed::join).hasMessageContaining("400");
          sdk.track(TrackRequest.builder("e").uuid("u").build()).join();
          sdk.setAttributes(java.util.Map.of("plan", "pro")).join();

          assertThat(count(registry, "init", "delivered")).isEqualTo(1);
          assertThat(count(registry, "event", "delivered")).isEqualTo(1);
          assertThat(count(registry, "event", "failed")).isEqualTo(1);
          assertThat(count(registry, "attributes", "delivered")).isEqualTo(1);
          assertThat(count(registry, "event", "rejected")).isZero();
          assertThat(registry.get("atrack.retries").functionCounter().count()).isEqualTo(1);
          assertThat(registry.get("atrack.queue.size").gauge().value()).isZero();
          assertThat(registry.get("atrack.requests").functionCounters()).hasSize(9);

          collector.stall();
          var unused = sdk.track(TrackRequest.builder("held").uuid("u").build());
          collector.awaitRequests("/event", 3, Duration.ofSeconds(10));
          assertThat(registry.get("atrack.queue.size").gauge().value()).isEqualTo(1);
          collector.resume();
        });
  }

  @Test
  void noMetersWithoutMicrometer() {
    runner
        .withClassLoader(new FilteredClassLoader(MeterBinder.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(ATrack.class);
              assertThat(context).doesNotHaveBean("atrackMeterBinder");
            });
  }

  private static double count(MeterRegistry registry, String kind, String outcome) {
    return registry
        .get("atrack.requests")
        .tag("kind", kind)
        .tag("outcome", outcome)
        .functionCounter()
        .count();
  }
}
