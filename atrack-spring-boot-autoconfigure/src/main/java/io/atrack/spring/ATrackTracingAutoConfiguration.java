package io.atrack.spring;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.SpanContext;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Trace correlation ({@code atrack.web.trace-ids}, on by default when tracing is present): every
 * call made while a span is current carries {@code traceId} and {@code spanId} in its {@code
 * context}. The span comes from Micrometer Tracing's {@link Tracer} bean when there is one (Brave
 * or OpenTelemetry bridge), else from the OpenTelemetry API's {@code Span.current()}.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
      "org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration",
      "org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration",
      "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure"
          + ".OpenTelemetryTracingAutoConfiguration"
    })
@ConditionalOnProperty(name = "atrack.web.trace-ids", havingValue = "true", matchIfMissing = true)
public final class ATrackTracingAutoConfiguration {
  static final String CUSTOMIZER = "atrackTraceIdsCustomizer";

  /** For Spring. */
  ATrackTracingAutoConfiguration() {}

  /** Micrometer Tracing: the tracer's current span. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(Tracer.class)
  @ConditionalOnBean(Tracer.class)
  static class MicrometerTracing {
    @Bean(CUSTOMIZER)
    @ConditionalOnMissingBean(name = CUSTOMIZER)
    ATrackBuilderCustomizer atrackTraceIdsCustomizer(Tracer tracer) {
      TraceIds interceptor =
          new TraceIds(
              () -> {
                Span span = tracer.currentSpan();
                if (span == null) {
                  return null;
                }
                TraceContext c = span.context();
                return new TraceIds.Ids(c.traceId(), c.spanId());
              },
              "Micrometer Tracing");
      return builder -> builder.interceptor(interceptor);
    }
  }

  /** The OpenTelemetry API alone (the OpenTelemetry agent or SDK set up by hand). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(SpanContext.class)
  @ConditionalOnMissingBean(type = "io.micrometer.tracing.Tracer")
  static class OpenTelemetryApi {
    @Bean(CUSTOMIZER)
    @ConditionalOnMissingBean(name = CUSTOMIZER)
    ATrackBuilderCustomizer atrackTraceIdsCustomizer() {
      TraceIds interceptor =
          new TraceIds(
              () -> {
                SpanContext c = io.opentelemetry.api.trace.Span.current().getSpanContext();
                return c.isValid() ? new TraceIds.Ids(c.getTraceId(), c.getSpanId()) : null;
              },
              "OpenTelemetry");
      return builder -> builder.interceptor(interceptor);
    }
  }
}
