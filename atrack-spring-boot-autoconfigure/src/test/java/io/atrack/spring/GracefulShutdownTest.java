package io.atrack.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.TrackRequest;
import io.atrack.testkit.FakeCollectorExtension;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * SIGTERM-style shutdown of a real Tomcat application: requests still running while the context
 * closes (graceful shutdown already refusing new connections) track events that are all delivered,
 * and so is an event tracked by a bean's {@code @PreDestroy}: the client closes last.
 */
@Timeout(60)
class GracefulShutdownTest {
  private static final int REQUESTS = 6;
  private static final CountDownLatch entered = new CountDownLatch(REQUESTS);
  private static final CountDownLatch release = new CountDownLatch(1);

  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  @Test
  void requestsInFlightAtShutdownDeliverEverything() throws Exception {
    ConfigurableApplicationContext app =
        new SpringApplicationBuilder(App.class)
            .properties(
                "server.port=0",
                "server.address=127.0.0.1",
                "server.shutdown=graceful",
                "spring.lifecycle.timeout-per-shutdown-phase=30s",
                "spring.main.banner-mode=off",
                "atrack.public-key=pub_test_0123456789abcd",
                "atrack.base-url=" + collector.baseUrl())
            .run();
    ATrack sdk = app.getBean(ATrack.class);
    int port = ((WebServerApplicationContext) app).getWebServer().getPort();

    HttpClient http = HttpClient.newHttpClient();
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      responses.add(
          http.sendAsync(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow/" + i)).build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();

    Thread closer = new Thread(app::close, "sigterm");
    closer.start();
    // Graceful shutdown has begun once the server refuses new connections.
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !accepts(port));
    assertThat(app.isActive()).isTrue(); // still closing: the requests hold it
    release.countDown();
    closer.join(TimeUnit.SECONDS.toMillis(40));
    assertThat(closer.isAlive()).isFalse();

    for (var r : responses) {
      assertThat(r.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    assertThat(collector.requests("/event"))
        .extracting(r -> r.body().get("event"))
        .containsOnly("slow_done", "app_stopping")
        .hasSize(REQUESTS + 1);
    assertThat(sdk.stats().rejected()).isZero();
    assertThat(sdk.stats().delivered()).isEqualTo(REQUESTS + 1);
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({SlowController.class, StoppingBean.class})
  static class App {}

  @RestController
  static class SlowController {
    private final ATrack sdk;

    SlowController(ATrack sdk) {
      this.sdk = sdk;
    }

    @GetMapping("/slow/{id}")
    String slow(@PathVariable("id") String id) throws InterruptedException {
      entered.countDown();
      if (!release.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
      var unused = sdk.track(TrackRequest.builder("slow_done").uuid("user-" + id).build());
      return "ok";
    }
  }

  /** Uses the client while the context is being destroyed, as application beans do. */
  @Component
  static class StoppingBean {
    private final ATrack sdk;

    StoppingBean(ATrack sdk) {
      this.sdk = sdk;
    }

    @PreDestroy
    void stopping() {
      var unused = sdk.track(TrackRequest.builder("app_stopping").uuid("system").build());
    }
  }
}
