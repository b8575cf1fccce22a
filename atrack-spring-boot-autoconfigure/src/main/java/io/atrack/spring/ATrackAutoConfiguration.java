package io.atrack.spring;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.ATrackBuilder;
import io.atrack.sdk.FailureListener;
import io.atrack.sdk.RequestContext;
import io.atrack.sdk.storage.UserStorage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskDecorator;

/**
 * Auto-configures one {@link ATrack} client from the {@code atrack.*} properties ({@link
 * ATrackProperties}).
 *
 * <ul>
 *   <li>{@code atrack.enabled=false} gives {@link ATrack#disabled()}: injectable, sends nothing,
 *       needs no key.
 *   <li>{@code atrack.ssl-bundle} names a Boot SSL bundle for the client's TLS context.
 *   <li>A {@link UserStorage} bean, when there is exactly one, keeps the users; every {@link
 *       FailureListener} bean is told of failed requests; every {@link ATrackBuilderCustomizer}
 *       bean is applied last, in order.
 *   <li>Your own {@code ATrack} bean replaces this one.
 *   <li>The JVM shutdown hook is off: the context closes the client as its last step ({@code
 *       close()} as the bean's destroy method), after the web server's graceful shutdown has let
 *       the requests in progress finish, and after every bean that uses the client is gone. Closing
 *       flushes, up to {@code atrack.close-timeout}.
 *   <li>A {@link TaskDecorator} carries the submitting thread's request scope into {@code @Async}
 *       methods and Boot's task executors (platform or virtual threads); Boot composes it with any
 *       other decorator.
 * </ul>
 */
@AutoConfiguration
@EnableConfigurationProperties(ATrackProperties.class)
public final class ATrackAutoConfiguration {

  /** For Spring; applications get the configuration through auto-configuration. */
  ATrackAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  DeliveryMonitor atrackDeliveryMonitor(ObjectProvider<FailureListener> listeners) {
    return new DeliveryMonitor(listeners.orderedStream().toList());
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  ATrack atrack(
      ATrackProperties properties,
      DeliveryMonitor monitor,
      ObjectProvider<UserStorage> storage,
      ObjectProvider<SslBundles> sslBundles,
      ObjectProvider<ATrackBuilderCustomizer> customizers) {
    if (!properties.enabled()) {
      return ATrack.disabled();
    }
    ATrackBuilder builder = ClientSettings.builder(properties);
    String bundle = properties.sslBundle();
    if (bundle != null && !bundle.isEmpty()) {
      builder.sslContext(ClientSettings.sslContext(bundle, sslBundles.getIfAvailable()));
    }
    builder.failureListener(monitor.listener());
    storage.ifUnique(builder::storage);
    customizers.orderedStream().forEach(c -> c.customize(builder));
    ATrack client = ClientSettings.build(builder);
    monitor.watch(client);
    return client;
  }

  @Bean
  @ConditionalOnMissingBean(name = "atrackTaskDecorator")
  TaskDecorator atrackTaskDecorator() {
    return RequestContext::wrap;
  }
}
