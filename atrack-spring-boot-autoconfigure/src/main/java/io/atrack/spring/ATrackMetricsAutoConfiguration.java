package io.atrack.spring;

import io.atrack.sdk.ATrack;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The client's Micrometer meters ({@link ATrackMeters}) when Micrometer is present; Boot binds them
 * to every registry.
 */
@AutoConfiguration(after = ATrackAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(ATrack.class)
public final class ATrackMetricsAutoConfiguration {

  /** For Spring. */
  ATrackMetricsAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean(name = "atrackMeterBinder")
  MeterBinder atrackMeterBinder(ATrack client) {
    return new ATrackMeters(client);
  }
}
