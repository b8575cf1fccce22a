package io.atrack.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.InitRequest;
import io.atrack.servlet.ATrackFilter;
import io.atrack.testkit.FakeCollectorExtension;
import io.atrack.testkit.RecordedRequest;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's servlet filter example, in a real Jetty, checked at the fake collector. */
@Timeout(60)
class ServletFilterExampleTest {
  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  /** The application's session. */
  interface Session {
    String userId();
  }

  /** The README's registration lines; a container runs them at startup. */
  static void register(ServletContext servletContext, ATrack sdk) {
    // spotless:off
    ATrackFilter filter = ATrackFilter.builder(sdk)
        .trustedProxies("10.0.0.0/8")            // your load balancers; none by default
        .build();
    FilterRegistration.Dynamic reg = servletContext.addFilter("atrack", filter);
    reg.setAsyncSupported(true);                 // needed by async servlets behind it
    reg.addMappingForUrlPatterns(
        EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR), false, "/*");
    // spotless:on
  }

  /** The README's lines in a servlet behind the filter. */
  @SuppressWarnings("FutureReturnValueIgnored") // The README ignores futures, as users may.
  static void handle(ATrack sdk, Session session) {
    // spotless:off
    sdk.init(InitRequest.forUser(session.userId()));   // this request's current user only
    sdk.track("pricing_viewed");                        // carries the request's context
    // spotless:on
  }

  @Test
  void aRequestThroughTheRegisteredFilterCarriesItsContextAndUser() throws Exception {
    try (ATrack sdk =
        ATrack.builder()
            .publicKey("pub_example_0123456789")
            .baseUrl(collector.baseUrl())
            .shutdownHook(false)
            .build()) {
      Server server = new Server();
      ServerConnector connector = new ServerConnector(server);
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      server.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler();
      context.setContextPath("/");
      context.addServletContainerInitializer((classes, ctx) -> register(ctx, sdk));
      context.addServlet(
          new ServletHolder(
              new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
                  handle(sdk, () -> req.getParameter("user"));
                }
              }),
          "/pricing");
      server.setHandler(context);
      server.start();
      try {
        HttpResponse<String> response =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create(
                                "http://127.0.0.1:"
                                    + connector.getLocalPort()
                                    + "/pricing?user=crm-42&source=google"))
                        .header("User-Agent", "readme/1.0")
                        .header("Accept-Language", "de-DE,de;q=0.9")
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
      } finally {
        server.stop();
      }
    }
    RecordedRequest event = collector.awaitRequests("/event", 1, Duration.ofSeconds(10)).get(0);
    assertThat(event.body()).containsEntry("uuid", "crm-42");
    assertThat(event.body().get("context"))
        .isEqualTo(
            Map.of(
                "url", "/pricing?user=crm-42&source=google",
                "ipAddress", "127.0.0.1",
                "userAgent", "readme/1.0",
                "locale", "de-DE"));
  }
}
