package io.atrack.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.ATrackHttpException;
import io.atrack.sdk.InitRequest;
import io.atrack.sdk.TrackRequest;
import io.atrack.testkit.FakeCollectorExtension;
import io.atrack.testkit.RecordedRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CheckoutTrackingTest {
  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  ATrack client() {
    return ATrack.builder()
        .publicKey("pub_test_12345678")
        .baseUrl(collector.baseUrl())
        .shutdownHook(false)
        .build();
  }

  @Test
  void sendsTheCheckoutEvent() {
    try (ATrack sdk = client()) {
      sdk.init(InitRequest.forUser("user-42")).join();
      sdk.track("checkout_completed", Map.of("totalCents", 4200)).join();
    }

    RecordedRequest event = collector.requests("/event").get(0);
    assertThat(event.header("x-a-track-key")).isEqualTo("pub_test_12345678");
    assertThat(event.body())
        .containsEntry("uuid", "user-42")
        .containsEntry("event", "checkout_completed")
        .containsEntry("attributes", Map.of("totalCents", 4200));
  }

  @Test
  void aRefusedEventFailsItsFuture() {
    collector.respond(400);
    try (ATrack sdk = client()) {
      assertThat(sdk.track(TrackRequest.builder("checkout_completed").uuid("user-42").build()))
          .failsWithin(Duration.ofSeconds(10))
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(ATrackHttpException.class);
    }
  }
}
