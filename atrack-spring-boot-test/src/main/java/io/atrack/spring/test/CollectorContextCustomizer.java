package io.atrack.spring.test;

import io.atrack.testkit.FakeCollector;
import java.util.Map;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Starts the collector before the context refreshes, registers it as the bean {@value #BEAN}
 * (closed with the context) and points {@code atrack.*} at it. All instances are equal, so the
 * annotation does not split Spring's context cache.
 */
final class CollectorContextCustomizer implements ContextCustomizer {
  static final String BEAN = "atrackFakeCollector";

  @Override
  public void customizeContext(
      ConfigurableApplicationContext context, MergedContextConfiguration config) {
    FakeCollector collector = FakeCollector.start();
    RootBeanDefinition definition = new RootBeanDefinition(FakeCollector.class, () -> collector);
    definition.setDestroyMethodName("close");
    ((BeanDefinitionRegistry) context.getBeanFactory()).registerBeanDefinition(BEAN, definition);
    MutablePropertySources sources = context.getEnvironment().getPropertySources();
    // The URL must win over any application property; the key and enabled only fill gaps.
    sources.addFirst(
        new MapPropertySource(
            "atrackFakeCollector", Map.of("atrack.base-url", collector.baseUrl().toString())));
    sources.addLast(
        new MapPropertySource(
            "atrackFakeCollectorDefaults",
            Map.of("atrack.public-key", "pub_test_0000000000000000", "atrack.enabled", "true")));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CollectorContextCustomizer;
  }

  @Override
  public int hashCode() {
    return CollectorContextCustomizer.class.hashCode();
  }
}
