package io.atrack.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.testkit.FakeCollectorExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What close() could not deliver, and calls refused after it, are logged at WARNING with counts.
 */
@Timeout(30)
// Ignoring the SDK's futures is normal use; the counts are checked in the log.
@SuppressWarnings("FutureReturnValueIgnored")
class CloseLoggingTest {
  private static final String ENGINE = "io.atrack.sdk.internal.delivery.DeliveryEngine";

  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  @Test
  void closeThatTimesOutSaysHowManyWereNotDelivered() {
    collector.stall();
    try (LogCapture log = LogCapture.of(ENGINE)) {
      ATrack sdk = TestClients.against(collector).closeTimeout(Duration.ofMillis(200)).build();
      for (int i = 0; i < 7; i++) {
        sdk.track(TrackRequest.builder("lost").uuid("u" + i).build());
      }
      sdk.close();
      assertThat(log.warnings())
          .anyMatch(m -> m.contains("with 7 request(s) not delivered") && m.contains("200 ms"));
      assertThat(log.warnings()).noneMatch(m -> m.contains(TestClients.KEY));
    }
  }

  @Test
  void callsAfterCloseAreRefusedWithAWarning() {
    try (LogCapture log = LogCapture.of(ENGINE)) {
      ATrack sdk = TestClients.against(collector).build();
      sdk.close();
      sdk.track(TrackRequest.builder("late").uuid("u1").build());
      assertThat(log.warnings())
          .anyMatch(
              m ->
                  m.startsWith("Rejected 1 request(s): the A-Track client pub_")
                      && m.contains("is closed"));
    }
  }

  @Test
  void aCleanCloseLogsNoWarning() {
    try (LogCapture log = LogCapture.of(ENGINE)) {
      ATrack sdk = TestClients.against(collector).build();
      sdk.track(TrackRequest.builder("fine").uuid("u1").build());
      sdk.close();
      assertThat(log.warnings()).isEmpty();
    }
  }
}
