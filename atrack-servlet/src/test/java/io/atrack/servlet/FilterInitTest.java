package io.atrack.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrack.sdk.ATrack;
import io.atrack.testkit.FakeCollectorExtension;
import io.atrack.testkit.RecordedRequest;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The web.xml way: a no-argument filter configured by init parameters and a context attribute. */
@Timeout(60)
class FilterInitTest {
  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  @Test
  void initParametersConfigureAFilterTheContainerMade() throws Exception {
    try (ATrack sdk = Servlets.client(collector);
        TestServer server =
            TestServer.builder(new ATrackFilter())
                .contextAttribute(ATrackFilter.SDK_ATTRIBUTE, sdk)
                .initParameter("trusted-proxies", "10.0.0.0/8, 127.0.0.1")
                .initParameter("timezone-header", "X-TZ")
                .initParameter("visitor-cookie", "true")
                .initParameter("visitor-cookie-name", "vid")
                .initParameter("visitor-cookie-max-age", "P2D")
                .initParameter("anonymize-ip", "true")
                .servlet("/app/*", Servlets.tracking(sdk))
                .start()) {
      HttpResponse<String> response =
          Http.get(
              server.uri("/app/x?init=anonymous"),
              "X-Forwarded-For",
              "203.0.113.9, 10.0.0.7",
              "X-TZ",
              "Asia/Tokyo");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Set-Cookie").orElseThrow())
          .startsWith("vid=" + response.body())
          .contains("Max-Age=172800");
      RecordedRequest event = collector.awaitRequests("/event", 1, Duration.ofSeconds(10)).get(0);
      Map<?, ?> context = (Map<?, ?>) event.body().get("context");
      assertThat(context.get("ipAddress")).isEqualTo("203.0.113.0");
      assertThat(context.get("timezone")).isEqualTo("Asia/Tokyo");
    }
  }

  @Test
  void withoutAClientInTheContextInitFailsNamingTheAttribute() {
    assertThatThrownBy(() -> new ATrackFilter().init(config(null, Map.of())))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining(ATrackFilter.SDK_ATTRIBUTE);
  }

  @Test
  void aBadInitParameterFailsInitNamingIt() {
    ATrack sdk = ATrack.disabled();
    assertThatThrownBy(
            () -> new ATrackFilter().init(config(sdk, Map.of("trusted-proxies", "10.0.0.0/99"))))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("10.0.0.0/99");
    assertThatThrownBy(
            () -> new ATrackFilter().init(config(sdk, Map.of("visitor-cookie-max-age", "soon"))))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("visitor-cookie-max-age");
  }

  /** A FilterConfig whose context holds {@code sdk}; the rest of ServletContext is not used. */
  private static FilterConfig config(ATrack sdk, Map<String, String> params) {
    ServletContext context =
        (ServletContext)
            Proxy.newProxyInstance(
                FilterInitTest.class.getClassLoader(),
                new Class<?>[] {ServletContext.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("getAttribute")) {
                    return ATrackFilter.SDK_ATTRIBUTE.equals(args[0]) ? sdk : null;
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    return new FilterConfig() {
      @Override
      public String getFilterName() {
        return "atrack";
      }

      @Override
      public ServletContext getServletContext() {
        return context;
      }

      @Override
      public String getInitParameter(String name) {
        return params.get(name);
      }

      @Override
      public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(params.keySet());
      }
    };
  }
}
