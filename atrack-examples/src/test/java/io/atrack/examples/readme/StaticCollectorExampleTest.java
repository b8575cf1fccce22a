package io.atrack.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.TrackRequest;
import io.atrack.testkit.FakeCollector;
import io.atrack.testkit.RecordedRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The README's static collector for {@code @SpringBootTest}, without Spring's context: the test
 * plays Spring's part, reading the property the way the application would.
 */
class StaticCollectorExampleTest {
  // spotless:off
  static final FakeCollector COLLECTOR = FakeCollector.start();

  @DynamicPropertySource
  static void atrack(DynamicPropertyRegistry registry) {
    registry.add("atrack.base-url", () -> COLLECTOR.baseUrl().toString());
  }

  @BeforeEach
  void forgetEarlierTests() {
    COLLECTOR.reset();            // requests, scripted answers and stall of earlier tests
  }

  @AfterAll
  static void stopCollector() {
    COLLECTOR.close();
  }
  // spotless:on

  @Test
  void theApplicationSendsToTheCollectorItWasGiven() {
    Map<String, Supplier<Object>> properties = new HashMap<>();
    atrack(properties::put);
    String baseUrl = String.valueOf(properties.get("atrack.base-url").get());

    try (ATrack application =
        ATrack.builder()
            .publicKey("pub_test_12345678")
            .baseUrl(baseUrl)
            .shutdownHook(false)
            .build()) {
      var unused = application.track(TrackRequest.builder("signup").uuid("u1").build());

      assertThat(COLLECTOR.awaitRequests("/event", 1, Duration.ofSeconds(10)))
          .extracting(RecordedRequest::path)
          .containsExactly("/event");
    }
  }

  @Test
  void eachTestStartsWithNothingRecorded() {
    assertThat(COLLECTOR.requests()).isEmpty();
    assertThat(COLLECTOR.isRunning()).isTrue();
  }
}
