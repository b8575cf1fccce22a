package io.atrack.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.TrackRequest;
import io.atrack.testkit.FakeCollectorExtension;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Trace correlation with a real tracer (Brave through Boot's auto-configuration). */
@Timeout(30)
class ATrackTracingTest {
  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  BraveAutoConfiguration.class,
                  MicrometerTracingAutoConfiguration.class,
                  ATrackAutoConfiguration.class,
                  ATrackTracingAutoConfiguration.class))
          .withPropertyValues(
              "atrack.public-key=pub_test_0123456789abcd",
              "atrack.base-url=" + collector.baseUrl());

  @Test
  void eventsCarryTheSpanCurrentAtTheCall() {
    runner.run(
        context -> {
          ATrack sdk = context.getBean(ATrack.class);
          Tracer tracer = context.getBean(Tracer.class);
          Span span = tracer.nextSpan().name("checkout").start();
          Span child;
          try (Tracer.SpanInScope ignored = tracer.withSpan(span)) {
            var unused = sdk.track(TrackRequest.builder("in_span").uuid("u").build());
            child = tracer.nextSpan().name("child").start();
            try (Tracer.SpanInScope ignored2 = tracer.withSpan(child)) {
              var unusedChild = sdk.track(TrackRequest.builder("in_child").uuid("u").build());
            }
          } finally {
            span.end();
          }
          var unusedOutside = sdk.track(TrackRequest.builder("outside").uuid("u").build());
          Map<String, Map<String, Object>> contexts = contextsByEvent(3);
          assertThat(contexts.get("in_span"))
              .containsEntry("traceId", span.context().traceId())
              .containsEntry("spanId", span.context().spanId());
          assertThat(contexts.get("in_child"))
              .containsEntry("traceId", span.context().traceId())
              .containsEntry("spanId", child.context().spanId());
          assertThat(contexts.get("outside")).doesNotContainKeys("traceId", "spanId");
        });
  }

  @Test
  void offByPropertyOrWithoutTracing() {
    runner
        .withPropertyValues("atrack.web.trace-ids=false")
        .run(
            context ->
                assertThat(context).doesNotHaveBean(ATrackTracingAutoConfiguration.CUSTOMIZER));
    runner
        .withClassLoader(
            new FilteredClassLoader(Tracer.class, io.opentelemetry.api.trace.SpanContext.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(ATrackTracingAutoConfiguration.CUSTOMIZER);
            });
  }

  @SuppressWarnings("unchecked")
  private Map<String, Map<String, Object>> contextsByEvent(int n) {
    List<io.atrack.testkit.RecordedRequest> events =
        collector.awaitRequests("/event", n, Duration.ofSeconds(10));
    Map<String, Map<String, Object>> byEvent = new java.util.HashMap<>();
    for (var e : events) {
      byEvent.put((String) e.body().get("event"), (Map<String, Object>) e.body().get("context"));
    }
    return byEvent;
  }
}
