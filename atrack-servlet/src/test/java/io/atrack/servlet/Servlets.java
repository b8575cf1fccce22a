package io.atrack.servlet;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.InitRequest;
import io.atrack.sdk.RequestContext;
import io.atrack.testkit.FakeCollector;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/** The clients and servlets the filter's tests use. */
final class Servlets {
  static final String KEY = "pub_test_servlet_0123456789";

  private Servlets() {}

  static ATrack client(FakeCollector collector) {
    return ATrack.builder()
        .publicKey(KEY)
        .baseUrl(collector.baseUrl())
        .shutdownHook(false)
        .closeTimeout(Duration.ofSeconds(5))
        .build();
  }

  /**
   * {@code ?user=u1}: init(u1); {@code ?init=anonymous}: init() without a uuid; {@code ?init=none}:
   * no init; else init(test-user). Then tracks {@code ?event=} (default page_viewed) with the
   * parameter {@code n} as an attribute. Answers the current user's uuid.
   */
  // Ignoring the SDK's futures is normal use: the events are checked at the collector.
  @SuppressWarnings("FutureReturnValueIgnored")
  static HttpServlet tracking(ATrack sdk) {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String user = req.getParameter("user");
        if (user != null) {
          sdk.init(InitRequest.forUser(user));
        } else if ("anonymous".equals(req.getParameter("init"))) {
          sdk.init();
        } else if (!"none".equals(req.getParameter("init"))) {
          sdk.init(InitRequest.forUser("test-user"));
        }
        String event = req.getParameter("event");
        String n = req.getParameter("n");
        sdk.track(event == null ? "page_viewed" : event, n == null ? Map.of() : Map.of("n", n));
        resp.setContentType("text/plain");
        resp.getWriter().print(sdk.currentUser().map(u -> u.uuid()).orElse("-"));
      }
    };
  }

  /**
   * Outside the filter: answers this container thread's name and what the SDK sees on it, {@code
   * thread|contextEmpty|currentUser}.
   */
  static HttpServlet probe(ATrack sdk) {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        resp.getWriter()
            .print(
                Thread.currentThread().getName()
                    + "|"
                    + RequestContext.current().isEmpty()
                    + "|"
                    + sdk.currentUser().map(u -> u.uuid()).orElse("-"));
      }
    };
  }
}
