package io.atrack.spring.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.spring.test.AutoConfigureATrackCollector;
import io.atrack.testkit.FakeCollector;
import io.atrack.testkit.RecordedRequest;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The same application with {@code spring.threads.virtual.enabled=true}: Tomcat's request threads
 * and Boot's task executor are virtual, and scopes and contexts still hold. Runs only in the {@code
 * jdk25} surefire execution (JDK 25, see the module's pom; its reports go to {@code
 * target/surefire-reports-jdk25}); compiled for Java 17, so {@code Thread.isVirtual()} is called
 * reflectively.
 */
@SpringBootTest(
    classes = {DemoApp.class, VirtualThreadsTest.Probe.class},
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"server.address=127.0.0.1", "spring.threads.virtual.enabled=true"})
@AutoConfigureATrackCollector
@EnabledForJreRange(min = JRE.JAVA_21) // virtual threads; skipped if -Dtest picks it on JDK 17
@Timeout(60)
class VirtualThreadsTest {
  @LocalServerPort int port;
  @Autowired FakeCollector collector;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void requestsRunOnVirtualThreads() throws Exception {
    assertThat(send("/thread")).isEqualTo("virtual");
  }

  @Test
  void requestScopesHoldOnVirtualThreads() throws Exception {
    int users = 20;
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < users * 5; i++) {
      String path = (i % 2 == 0 ? "/pricing" : "/async") + "?user=vt-" + (i % users) + "&n=" + i;
      calls.add(http.sendAsync(request(path), HttpResponse.BodyHandlers.ofString()));
    }
    for (var call : calls) {
      assertThat(call.get().statusCode()).isEqualTo(200);
    }
    List<RecordedRequest> events =
        collector.awaitRequests("/event", users * 5, Duration.ofSeconds(20));
    assertThat(events).hasSize(users * 5);
    for (RecordedRequest e : events) {
      @SuppressWarnings("unchecked")
      String url = (String) ((Map<String, Object>) e.body().get("context")).get("url");
      String user = url.substring(url.indexOf("user=") + 5, url.indexOf("&n="));
      assertThat(e.body().get("uuid")).as(url).isEqualTo(user);
    }
  }

  private String send(String path) throws Exception {
    return http.send(request(path), HttpResponse.BodyHandlers.ofString()).body();
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
  }

  @Configuration(proxyBeanMethods = false)
  static class Probe {
    @Bean
    ThreadProbe threadProbe() {
      return new ThreadProbe();
    }
  }

  @RestController
  static class ThreadProbe {
    @GetMapping("/thread")
    String thread(@RequestParam(name = "x", required = false) String x) throws Exception {
      Method isVirtual = Thread.class.getMethod("isVirtual");
      return Boolean.TRUE.equals(isVirtual.invoke(Thread.currentThread())) ? "virtual" : "platform";
    }
  }
}
