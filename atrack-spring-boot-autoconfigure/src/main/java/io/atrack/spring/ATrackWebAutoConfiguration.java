package io.atrack.spring;

import io.atrack.sdk.ATrack;
import io.atrack.servlet.ATrackFilter;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Registers {@link ATrackFilter} for servlet applications (Spring MVC on Tomcat, Jetty…), so every
 * request runs in its own request scope with its context. Configured by {@code atrack.web.*};
 * {@code atrack.web.enabled=false} leaves it out, and a bean named {@value #REGISTRATION} replaces
 * it.
 *
 * <p>Ordered at {@link #ORDER}: after Boot's {@code ServerHttpObservationFilter} ({@code
 * HIGHEST_PRECEDENCE + 1}), so the server span is current when the scope opens and trace ids can be
 * read; before Spring Security's filter chain ({@code -100}) and the application's filters, so
 * everything they track is in the request's scope. It runs on {@code REQUEST}, {@code ASYNC} and
 * {@code ERROR} dispatches.
 */
@AutoConfiguration(after = ATrackAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ATrackFilter.class, FilterRegistrationBean.class})
@ConditionalOnBean(ATrack.class)
@ConditionalOnProperty(name = "atrack.web.enabled", havingValue = "true", matchIfMissing = true)
public final class ATrackWebAutoConfiguration {
  /** The filter's order: {@code Ordered.HIGHEST_PRECEDENCE + 10}. */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

  static final String REGISTRATION = "atrackFilterRegistration";

  /** For Spring. */
  ATrackWebAutoConfiguration() {}

  @Bean(REGISTRATION)
  @ConditionalOnMissingBean(name = REGISTRATION)
  FilterRegistrationBean<ATrackFilter> atrackFilterRegistration(
      ATrack client, ATrackProperties properties) {
    FilterRegistrationBean<ATrackFilter> registration =
        new FilterRegistrationBean<>(filter(client, properties.web()));
    registration.setName("atrackFilter");
    registration.setOrder(ORDER);
    registration.setAsyncSupported(true);
    registration.setDispatcherTypes(
        DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
    return registration;
  }

  static ATrackFilter filter(ATrack client, ATrackProperties.Web web) {
    List<String> proxies = web.trustedProxies();
    for (int i = 0; i < proxies.size(); i++) {
      String cidr = proxies.get(i);
      // Checked one by one, so the report names the entry (atrack.web.trusted-proxies[2]).
      check(
          "atrack.web.trusted-proxies[" + i + "]",
          cidr,
          () -> ATrackFilter.builder(client).trustedProxies(cidr).build());
    }
    ATrackFilter.Builder b =
        ATrackFilter.builder(client)
            .trustedProxies(proxies.toArray(String[]::new))
            .timezoneHeader(web.timezoneHeader())
            .timezoneCookie(web.timezoneCookie())
            .anonymizeIp(web.anonymizeIp())
            .visitorCookie(web.visitorCookie().enabled());
    String name = web.visitorCookie().name();
    if (name != null) {
      check("atrack.web.visitor-cookie.name", name, () -> b.visitorCookieName(name));
    }
    Duration maxAge = web.visitorCookie().maxAge();
    if (maxAge != null) {
      check(
          "atrack.web.visitor-cookie.max-age",
          maxAge.toString(),
          () -> b.visitorCookieMaxAge(maxAge));
    }
    return b.build();
  }

  private static void check(String property, String value, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException e) {
      throw new InvalidATrackPropertyException(
          property,
          value,
          String.valueOf(e.getMessage()),
          "Correct "
              + property
              + " (trusted proxies are numeric CIDRs such as 10.0.0.0/8 or fd00::/8), or set"
              + " atrack.web.enabled=false to leave the filter out.",
          e);
    }
  }
}
