package io.atrack.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.InitRequest;
import io.atrack.sdk.RequestContext;
import io.atrack.testkit.FakeCollectorExtension;
import io.atrack.testkit.RecordedRequest;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's request-scope example, run against the fake collector. */
class ScopeExamplesTest {
  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  /** The little of a servlet request the example reads. */
  interface Request {
    String getRequestURI();

    @Nullable String getHeader(String name);
  }

  /** The application's session. */
  interface Session {
    String userId();
  }

  @SuppressWarnings("FutureReturnValueIgnored") // The README ignores futures, as users may.
  static void handle(
      ATrack sdk, Request request, String clientIp, Session session, ExecutorService executor) {
    // spotless:off
    RequestContext ctx = RequestContext.builder()
        .url(request.getRequestURI()).referer(request.getHeader("Referer"))
        .ipAddress(clientIp).userAgent(request.getHeader("User-Agent"))
        .locale("en-US").timezone("Europe/Berlin")
        .build();
    try (RequestContext.Scope ignored = ctx.makeCurrent()) {
      sdk.init(InitRequest.forUser(session.userId()));   // this scope's current user
      sdk.track("pricing_viewed");                        // carries ctx as "context"
      executor.submit(RequestContext.wrap(() -> sdk.track("async_work")));  // scope follows
    }
    // spotless:on
  }

  @Test
  void everyCallInTheScopeCarriesItsContextAndUser() throws InterruptedException {
    Map<String, String> headers = Map.of("Referer", "https://google.com", "User-Agent", "curl/8");
    Request request =
        new Request() {
          @Override
          public String getRequestURI() {
            return "/pricing";
          }

          @Override
          public @Nullable String getHeader(String name) {
            return headers.get(name);
          }
        };
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (ATrack sdk =
        ATrack.builder()
            .publicKey("pub_test_12345678")
            .baseUrl(collector.baseUrl())
            .shutdownHook(false)
            .build()) {
      handle(sdk, request, "203.0.113.7", () -> "user-7", executor);
      executor.shutdown();
      assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      assertThat(sdk.flush().join().failed()).isZero();
    }

    assertThat(collector.requests("/event"))
        .hasSize(2)
        .allSatisfy(
            event -> {
              assertThat(event.body()).containsEntry("uuid", "user-7");
              assertThat(event.rawBody()).contains("/pricing", "curl/8", "203.0.113.7");
            })
        .extracting(event -> event.body().get("event"))
        .containsExactlyInAnyOrder("pricing_viewed", "async_work");
    assertThat(collector.requests("/init")).extracting(RecordedRequest::path).hasSize(1);
  }
}
