package io.atrack.spring;

import io.atrack.sdk.ATrackBuilder;

/**
 * Changes the auto-configured client's builder before it is built: every bean of this type is
 * applied, in {@link org.springframework.core.annotation.Order} order, after the {@code atrack.*}
 * properties, so a customizer wins over a property.
 *
 * <pre>{@code
 * @Bean
 * ATrackBuilderCustomizer atrackClock(Clock clock) {
 *   return builder -> builder.clock(clock);
 * }
 * }</pre>
 *
 * <p>Called once, on the thread creating the bean. To be told of failed requests, declare a {@link
 * io.atrack.sdk.FailureListener} bean rather than calling {@code failureListener(…)} here: that
 * call replaces the listener the starter installs (and so the health contributor's view of a
 * refused key) and every listener bean.
 */
@FunctionalInterface
public interface ATrackBuilderCustomizer {
  /**
   * Changes {@code builder}; a setter's {@link IllegalArgumentException} stops the startup.
   *
   * @param builder the builder, with the properties already applied
   */
  void customize(ATrackBuilder builder);
}
