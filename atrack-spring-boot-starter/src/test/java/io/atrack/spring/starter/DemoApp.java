package io.atrack.spring.starter;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.InitRequest;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The application under test: what a user writes, with the starter and nothing else. */
@SpringBootApplication(proxyBeanMethods = false)
@EnableAsync
@Import({DemoApp.Pricing.class, DemoApp.Later.class})
class DemoApp {

  @RestController
  static class Pricing {
    private final ATrack sdk;
    private final Later later;
    private final ObjectProvider<Tracer> tracer;

    Pricing(ATrack sdk, Later later, ObjectProvider<Tracer> tracer) {
      this.sdk = sdk;
      this.later = later;
      this.tracer = tracer;
    }

    @GetMapping("/pricing")
    ResponseEntity<String> pricing(@RequestParam("user") String user) {
      var unused = sdk.init(InitRequest.forUser(user));
      var unusedTrack = sdk.track("pricing_viewed", Map.of("plan", "pro"));
      Tracer t = tracer.getIfAvailable();
      Span span = t == null ? null : t.currentSpan();
      return ResponseEntity.ok()
          .header("X-Trace-Id", span == null ? "none" : span.context().traceId())
          .body("ok");
    }

    @GetMapping("/async")
    String async(@RequestParam("user") String user) {
      var unused = sdk.init(InitRequest.forUser(user));
      return later.trackLater().join();
    }
  }

  @Service
  static class Later {
    private final ATrack sdk;

    Later(ATrack sdk) {
      this.sdk = sdk;
    }

    /** Runs on Boot's task executor; the scope (user and context) comes with the task. */
    @Async
    public CompletableFuture<String> trackLater() {
      var unused = sdk.track("async_work");
      return CompletableFuture.completedFuture(Thread.currentThread().getName());
    }
  }
}
