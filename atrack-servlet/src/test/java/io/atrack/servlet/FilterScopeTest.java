package io.atrack.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.InitRequest;
import io.atrack.sdk.RequestContext;
import io.atrack.testkit.FakeCollectorExtension;
import io.atrack.testkit.RecordedRequest;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Scopes through a real container: visitors, async dispatch, load, and misbehaving servlets. */
@Timeout(60)
class FilterScopeTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Pattern VISITOR =
      Pattern.compile("atrack_vid=([0-9a-f-]{36}); Path=/; .*", Pattern.CASE_INSENSITIVE);

  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  private final ExecutorService executor = Executors.newFixedThreadPool(20);
  private ATrack sdk;
  private TestServer server;

  private void start(UnaryOperator<ATrackFilter.Builder> options, int maxThreads) throws Exception {
    sdk = Servlets.client(collector);
    ATrackFilter filter = options.apply(ATrackFilter.builder(sdk)).build();
    server =
        TestServer.builder(filter)
            .maxThreads(maxThreads)
            .servlet("/app/*", Servlets.tracking(sdk))
            .servlet("/app/async", asyncServlet())
            .servlet("/app/leak", leakingServlet())
            .servlet("/app/throw", throwingServlet())
            .servlet("/probe", Servlets.probe(sdk))
            .start();
  }

  @AfterEach
  void stop() throws Exception {
    executor.shutdownNow();
    if (server != null) {
      server.close();
    }
    if (sdk != null) {
      sdk.close();
    }
  }

  @Test
  void aVisitorKeepsOneUuidAcrossRequestsThroughItsCookie() throws Exception {
    start(b -> b.visitorCookie(true), 16);

    HttpResponse<String> first = Http.get(server.uri("/app/home?init=anonymous"));
    String setCookie = first.headers().firstValue("Set-Cookie").orElseThrow();
    Matcher m = VISITOR.matcher(setCookie);
    assertThat(m.matches()).as("Set-Cookie: %s", setCookie).isTrue();
    assertThat(setCookie)
        .containsIgnoringCase("HttpOnly")
        .containsIgnoringCase("Secure")
        .containsIgnoringCase("SameSite=Lax")
        .contains("Max-Age=31536000");
    String visitor = m.group(1);
    assertThat(first.body()).isEqualTo(visitor);

    HttpResponse<String> second =
        Http.get(server.uri("/app/next?init=anonymous"), "Cookie", "atrack_vid=" + visitor);
    assertThat(second.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(second.body()).isEqualTo(visitor);
    // Without init, track uses the visitor too.
    HttpResponse<String> third =
        Http.get(server.uri("/app/more?init=none"), "Cookie", "atrack_vid=" + visitor);
    assertThat(third.body()).isEqualTo(visitor);

    List<RecordedRequest> inits = collector.awaitRequests("/init", 2, WAIT);
    assertThat(inits).extracting(r -> r.body().get("uuid")).containsOnly(visitor);
    assertThat(inits).extracting(r -> r.body().get("isNewUser")).containsExactly(true, false);
    assertThat(collector.awaitRequests("/event", 3, WAIT))
        .extracting(r -> r.body().get("uuid"))
        .containsOnly(visitor);
  }

  @Test
  void aVisitorCookieThatIsNoUuidIsReplacedNeverThrownOn() throws Exception {
    start(
        b -> b.visitorCookie(true).visitorCookieName("vid").visitorCookieMaxAge(Duration.ofDays(1)),
        16);
    HttpResponse<String> response =
        Http.get(server.uri("/app/x?init=anonymous"), "Cookie", "vid=\"; DROP TABLE\t--");
    assertThat(response.statusCode()).isEqualTo(200);
    String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).startsWith("vid=").contains("Max-Age=86400");
    assertThat(response.body()).isEqualTo(setCookie.substring(4, 40)).matches("[0-9a-f-]{36}");
  }

  @Test
  void aSignedInUserReplacesTheVisitorForItsRequest() throws Exception {
    start(b -> b.visitorCookie(true), 16);
    HttpResponse<String> response = Http.get(server.uri("/app/login?user=crm-42"));
    assertThat(response.body()).isEqualTo("crm-42");
    assertThat(collector.awaitRequests("/event", 1, WAIT).get(0).body())
        .containsEntry("uuid", "crm-42");
  }

  @Test
  void asyncWorkAndTheAsyncDispatchStayInTheRequestsScope() throws Exception {
    start(b -> b, 16);
    HttpResponse<String> response =
        Http.get(server.uri("/app/async?user=async-user&x=1"), "User-Agent", "async-agent");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("dispatched:async-user");

    List<RecordedRequest> events = collector.awaitRequests("/event", 3, WAIT);
    assertThat(events)
        .extracting(r -> r.body().get("event"))
        .containsExactlyInAnyOrder("in_async_start", "in_executor", "after_dispatch");
    for (RecordedRequest e : events) {
      assertThat(e.body()).containsEntry("uuid", "async-user");
      assertThat(e.body().get("context"))
          .isEqualTo(
              Map.of(
                  "url", "/app/async?user=async-user&x=1",
                  "userAgent", "async-agent",
                  "ipAddress", "127.0.0.1"));
    }
  }

  @Test
  void twoHundredConcurrentRequestsFromTwentyUsersNeverMixUsersOrContexts() throws Exception {
    start(b -> b, 12);
    List<Future<HttpResponse<String>>> sent = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String user = "user-" + (i % 20);
      int n = i;
      sent.add(
          executor.submit(
              () ->
                  Http.get(
                      server.uri("/app/load?user=" + user + "&n=" + n),
                      "User-Agent",
                      "agent-" + user,
                      "Referer",
                      "https://example.com/ref-" + n)));
    }
    for (Future<HttpResponse<String>> f : sent) {
      assertThat(f.get().statusCode()).isEqualTo(200);
    }

    List<RecordedRequest> events = collector.awaitRequests("/event", 200, WAIT);
    assertThat(events).hasSize(200);
    for (RecordedRequest e : events) {
      Map<String, Object> body = e.body();
      Map<?, ?> context = (Map<?, ?>) body.get("context");
      String n = (String) ((Map<?, ?>) body.get("attributes")).get("n");
      assertThat(context.get("userAgent")).isEqualTo("agent-" + body.get("uuid"));
      assertThat(context.get("referer")).isEqualTo("https://example.com/ref-" + n);
      assertThat(context.get("url")).isEqualTo("/app/load?user=" + body.get("uuid") + "&n=" + n);
    }
    assertThat(events)
        .extracting(r -> ((Map<?, ?>) r.body().get("attributes")).get("n"))
        .doesNotHaveDuplicates();
  }

  @Test
  void aContainerThreadReusedAfterAServletThatNeverClosedItsScopeIsClean() throws Exception {
    start(b -> b, 6);
    String leakThread = Http.get(server.uri("/app/leak")).body();
    assertThat(sameThreadProbe(leakThread)).isEqualTo(leakThread + "|true|-");

    String throwThread =
        Http.get(server.uri("/app/throw")).headers().firstValue("X-Thread").orElseThrow();
    assertThat(sameThreadProbe(throwThread)).isEqualTo(throwThread + "|true|-");
  }

  @Test
  void theApplicationsOwnExceptionPassesThroughUntouched() throws Exception {
    start(b -> b, 8);
    HttpResponse<String> response = Http.get(server.uri("/app/throw"));
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).contains("own failure");
  }

  /** Probes, outside the filter, until a request lands on {@code thread}; bounded. */
  private String sameThreadProbe(String thread) {
    for (int i = 0; i < 500; i++) {
      String probe = Http.get(server.uri("/probe")).body();
      if (probe.startsWith(thread + "|")) {
        return probe;
      }
    }
    throw new AssertionError("no probe ran on " + thread + " in 500 requests");
  }

  // Ignoring the SDK's futures is normal use: the events are checked at the collector.
  @SuppressWarnings("FutureReturnValueIgnored")
  private HttpServlet asyncServlet() {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.getDispatcherType() == DispatcherType.ASYNC) {
          sdk.track("after_dispatch");
          resp.getWriter().print("dispatched:" + sdk.currentUser().orElseThrow().uuid());
          return;
        }
        sdk.init(InitRequest.forUser(req.getParameter("user")));
        AsyncContext async = req.startAsync();
        async.start(
            () -> {
              sdk.track("in_async_start");
              executor.submit(
                  RequestContext.wrap(
                      () -> {
                        sdk.track("in_executor");
                        async.dispatch();
                      }));
            });
      }
    };
  }

  // Ignoring the SDK's futures is normal use: the events are checked at the collector.
  @SuppressWarnings("FutureReturnValueIgnored")
  private HttpServlet leakingServlet() {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        @SuppressWarnings({"resource", "unused"})
        RequestContext.Scope neverClosed =
            RequestContext.builder().url("/leaked").build().makeCurrent();
        sdk.init(InitRequest.forUser("leaker"));
        resp.getWriter().print(Thread.currentThread().getName());
      }
    };
  }

  private HttpServlet throwingServlet() {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp)
          throws ServletException {
        @SuppressWarnings({"resource", "unused"})
        RequestContext.Scope neverClosed =
            RequestContext.builder().url("/thrown").build().makeCurrent("thrower");
        resp.setHeader("X-Thread", Thread.currentThread().getName());
        throw new ServletException("the application's own failure");
      }
    };
  }
}
