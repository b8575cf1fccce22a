package io.atrack.spring.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.TrackRequest;
import io.atrack.testkit.FakeCollector;
import io.atrack.testkit.RecordedRequest;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;

/** The annotation as a user writes it: collector injected, client pointed at it, reset per test. */
@SpringBootTest(properties = "atrack.base-url=https://must-be-overridden.example")
@AutoConfigureATrackCollector
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutoConfigureATrackCollectorTest {
  @Autowired FakeCollector collector;
  @Autowired ATrack sdk;

  @Test
  @Order(1)
  void theClientSendsToTheInjectedCollector() {
    sdk.track(TrackRequest.builder("signup").uuid("u1").build()).join();
    RecordedRequest r = collector.awaitRequests("/event", 1, Duration.ofSeconds(10)).get(0);
    assertThat(r.body()).containsEntry("event", "signup");
    assertThat(r.header("x-a-track-key")).isEqualTo("pub_test_0000000000000000");
    collector.stall(); // left stalled on purpose: the next test must find it reset
    var unused = sdk.track(TrackRequest.builder("late").uuid("u1").build());
  }

  @Test
  @Order(2)
  void eachTestStartsWithAnEmptyCollector() {
    assertThat(collector.requests()).isEmpty();
    sdk.track(TrackRequest.builder("second").uuid("u1").build()).join(); // not stalled any more
    assertThat(collector.requests("/event")).hasSize(1);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}
}
