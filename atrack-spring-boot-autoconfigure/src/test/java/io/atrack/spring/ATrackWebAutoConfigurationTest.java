package io.atrack.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.servlet.ATrackFilter;
import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;

/** The filter's registration: when it is there, where it sits, and its properties' checks. */
class ATrackWebAutoConfigurationTest {
  private static final String REGISTRATION = ATrackWebAutoConfiguration.REGISTRATION;

  private final WebApplicationContextRunner web =
      new WebApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ATrackAutoConfiguration.class, ATrackWebAutoConfiguration.class))
          .withPropertyValues("atrack.public-key=pub_test_0123456789abcd");

  @Test
  void registersTheFilterAfterTheObservationFilterOnEveryDispatch() {
    web.run(
        context -> {
          FilterRegistrationBean<?> r = context.getBean(REGISTRATION, FilterRegistrationBean.class);
          assertThat(r.getFilter()).isInstanceOf(ATrackFilter.class);
          // Boot's ServerHttpObservationFilter is HIGHEST_PRECEDENCE + 1: the span is current.
          assertThat(r.getOrder()).isGreaterThan(Ordered.HIGHEST_PRECEDENCE + 1).isLessThan(-100);
          assertThat(r.isAsyncSupported()).isTrue();
          assertThat(r.determineDispatcherTypes())
              .containsExactlyInAnyOrder(
                  DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
        });
  }

  @Test
  void leftOutWhenDisabledOutsideServletAppsOrWithoutTheServletModule() {
    web.withPropertyValues("atrack.web.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(REGISTRATION));
    web.withClassLoader(new FilteredClassLoader(ATrackFilter.class))
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(REGISTRATION));
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(ATrackAutoConfiguration.class, ATrackWebAutoConfiguration.class))
        .withPropertyValues("atrack.public-key=pub_test_0123456789abcd")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(REGISTRATION));
  }

  @Test
  void yourOwnRegistrationWins() {
    web.withBean(REGISTRATION, FilterRegistrationBean.class, FilterRegistrationBean::new)
        .run(
            context ->
                assertThat(context.getBean(REGISTRATION, FilterRegistrationBean.class).getFilter())
                    .isNull());
  }

  @Test
  void aBadCidrOrCookieNameStopsStartupNamingTheEntry() {
    web.withPropertyValues("atrack.web.trusted-proxies=10.0.0.0/8,proxy.internal,fd00::/8")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(ATrackAutoConfigurationTest.analysis(context.getStartupFailure()))
                  .contains("Property: atrack.web.trusted-proxies[1]", "\"proxy.internal\"");
            });
    web.withPropertyValues("atrack.web.visitor-cookie.name=bad name")
        .run(
            context ->
                assertThat(ATrackAutoConfigurationTest.analysis(context.getStartupFailure()))
                    .contains("Property: atrack.web.visitor-cookie.name"));
    web.withPropertyValues(
            "atrack.web.trusted-proxies=10.0.0.0/8, fd00::/8",
            "atrack.web.visitor-cookie.enabled=true",
            "atrack.web.visitor-cookie.name=vid",
            "atrack.web.visitor-cookie.max-age=30d",
            "atrack.web.timezone-header=X-Timezone")
        .run(context -> assertThat(context).hasNotFailed().hasBean(REGISTRATION));
  }
}
