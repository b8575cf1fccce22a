package io.atrack.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.TrackRequest;
import io.atrack.testkit.FakeCollectorExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The {@code atrack} health contributor: UP whatever happens, the trouble in its details. */
@Timeout(30)
class ATrackHealthTest {
  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ATrackAutoConfiguration.class, ATrackHealthAutoConfiguration.class))
          .withPropertyValues(
              "atrack.public-key=pub_test_0123456789abcd",
              "atrack.base-url=" + collector.baseUrl(),
              "atrack.queue.max-size=200");

  @Test
  void refusedKeyShowsInTheDetailsWithoutTakingTheApplicationDown() {
    collector.respond(401);
    runner.run(
        context -> {
          ATrack sdk = context.getBean(ATrack.class);
          HealthIndicator health = context.getBean("atrackHealthIndicator", HealthIndicator.class);
          var refused = sdk.track(TrackRequest.builder("e").uuid("u").build());
          assertThatThrownBy(refused::join).hasMessageContaining("401");
          // The listener may run just after the future failed.
          org.awaitility.Awaitility.await()
              .atMost(Duration.ofSeconds(10))
              .until(() -> health.health().getDetails().get("keyRefused") == Boolean.TRUE);
          Health h = health.health();
          assertThat(h.getStatus()).isEqualTo(Status.UP);
          assertThat(h.getDetails())
              .containsEntry("keyRefused", true)
              .containsEntry("keyRefusals", 1L)
              .containsEntry("failed", 1L)
              .containsEntry("maxQueueSize", 200)
              .containsKeys("queued", "inFlight", "queueUsage", "lastKeyRefusal");

          sdk.track(TrackRequest.builder("e").uuid("u").build()).join();
          assertThat(health.health().getDetails())
              .containsEntry("keyRefused", false) // delivered since: the key works again
              .containsEntry("delivered", 1L);
        });
  }

  @Test
  void anOutageStaysUpWithTheQueueInTheDetails() {
    collector.stall();
    runner
        .withPropertyValues("atrack.close-timeout=0s", "atrack.max-in-flight=1")
        .run(
            context -> {
              ATrack sdk = context.getBean(ATrack.class);
              for (int i = 0; i < 50; i++) {
                var unused = sdk.track(TrackRequest.builder("e").uuid("u" + i).build());
              }
              collector.awaitRequests(1, Duration.ofSeconds(10));
              Health h = context.getBean("atrackHealthIndicator", HealthIndicator.class).health();
              assertThat(h.getStatus()).isEqualTo(Status.UP);
              assertThat(h.getDetails())
                  .containsEntry("queued", 49L)
                  .containsEntry("inFlight", 1L)
                  .containsEntry("queueUsage", 0.25);
            });
  }

  @Test
  void offWhenDisabledOrWithoutBootHealth() {
    runner
        .withPropertyValues("management.health.atrack.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("atrackHealthIndicator"));
    runner
        .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(ATrack.class);
              assertThat(context).doesNotHaveBean("atrackHealthIndicator");
            });
  }

  @Test
  void disabledClientReportsUpAndDisabled() {
    runner
        .withPropertyValues("atrack.enabled=false")
        .run(
            context -> {
              Health h = context.getBean("atrackHealthIndicator", HealthIndicator.class).health();
              assertThat(h.getStatus()).isEqualTo(Status.UP);
              assertThat(h.getDetails()).containsEntry("enabled", false);
            });
  }
}
