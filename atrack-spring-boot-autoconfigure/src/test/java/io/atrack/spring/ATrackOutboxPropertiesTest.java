package io.atrack.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.ATrackRejectedException;
import io.atrack.sdk.TrackRequest;
import io.atrack.testkit.FakeCollectorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code atrack.outbox.*}: bound onto the client, against a real collector and a real directory.
 */
@Timeout(60)
class ATrackOutboxPropertiesTest {
  private static final String KEY = "pub_test_0123456789abcd";

  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  @TempDir Path dir;

  private ApplicationContextRunner pointed() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ATrackAutoConfiguration.class))
        .withPropertyValues(
            "atrack.public-key=" + KEY,
            "atrack.base-url=" + collector.baseUrl(),
            "atrack.close-timeout=0s",
            "atrack.outbox.directory=" + dir,
            "atrack.outbox.max-size=4MB",
            "atrack.outbox.sync=none",
            "atrack.outbox.max-age=2h");
  }

  @Test
  void theDirectoryTurnsTheOutboxOnAndWhatTheApplicationLeftIsDeliveredByTheNextStart() {
    collector.stop();
    pointed()
        .run(
            context -> {
              ATrack sdk = context.getBean(ATrack.class);
              var sent = sdk.track(TrackRequest.builder("kept").uuid("u1").build());
              assertThat(Files.exists(dir.resolve("outbox.lock"))).isTrue();
              context.close(); // close-timeout 0s: the event stays in the outbox
              assertThat(sent.handle((v, e) -> e).join())
                  .isInstanceOf(ATrackRejectedException.class)
                  .hasMessageContaining("stays in the outbox");
            });
    collector.restart();
    pointed()
        .run(
            context -> {
              assertThat(context.getBean(ATrack.class).flush())
                  .succeedsWithin(Duration.ofSeconds(30));
              assertThat(collector.requests("/event"))
                  .singleElement()
                  .satisfies(r -> assertThat(r.body()).containsEntry("event", "kept"));
            });
  }

  @Test
  void aSecondApplicationOnTheSameDirectoryFailsAtStartupNamingTheProperty() {
    pointed()
        .run(
            first ->
                pointed()
                    .run(
                        second -> {
                          assertThat(second).hasFailed();
                          assertThat(
                                  ATrackAutoConfigurationTest.analysis(second.getStartupFailure()))
                              .contains("Property: atrack.outbox.directory", dir.toString());
                        }));
  }

  @Test
  void anOutboxTooSmallFailsAtStartupNamingTheProperty() {
    pointed()
        .withPropertyValues("atrack.outbox.max-size=1KB")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(ATrackAutoConfigurationTest.analysis(context.getStartupFailure()))
                  .contains("Property: atrack.outbox.max-size", "1 MiB");
            });
  }
}
