package io.atrack.spring;

import io.atrack.sdk.ATrack;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code atrack} health contributor ({@code management.health.atrack.enabled=false} turns it
 * off) when Boot's health support is present. It reports {@code UP} with details, never {@code
 * DOWN}: see {@link ATrackHealthIndicator}.
 */
@AutoConfiguration(after = ATrackAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(ATrack.class)
@ConditionalOnEnabledHealthIndicator("atrack")
public final class ATrackHealthAutoConfiguration {

  /** For Spring. */
  ATrackHealthAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean(name = "atrackHealthIndicator")
  HealthIndicator atrackHealthIndicator(
      ATrack client, ObjectProvider<DeliveryMonitor> monitor, ATrackProperties properties) {
    DeliveryMonitor m = monitor.getIfUnique();
    if (m != null && !m.watches(client)) {
      m = null; // your own client: its failures and queue bound are not known here
    }
    Integer max = m != null ? properties.queue().maxSize() : null;
    return new ATrackHealthIndicator(client, m, max);
  }
}
