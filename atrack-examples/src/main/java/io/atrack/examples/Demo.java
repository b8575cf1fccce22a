package io.atrack.examples;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.ATrackBuilder;
import io.atrack.sdk.AttributesMode;
import io.atrack.sdk.InitRequest;
import io.atrack.sdk.InitResult;
import io.atrack.sdk.Keys;
import io.atrack.sdk.RequestContext;
import io.atrack.sdk.TrackRequest;
import io.atrack.sdk.User;
import io.atrack.testkit.FakeCollector;
import io.atrack.testkit.RecordedRequest;
import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * A tour of the A-Track Java SDK: the Node SDK README's flows, in Java, in the order a user meets
 * them.
 *
 * <p>By default it sends to a {@link FakeCollector} started on loopback and prints every request
 * that arrived, so you can see exactly what goes over the wire. With the environment variable
 * {@code ATRACK_BASE_URL} set (for example {@code http://127.0.0.1:4318}, an A-Track Local) it
 * sends there instead, with {@code ATRACK_PUBLIC_KEY} or a demo key, and prints what became of each
 * call. With only {@code ATRACK_PUBLIC_KEY} set (and optionally {@code ATRACK_GEO}, for example
 * {@code fra}) it sends to the real A-Track API.
 *
 * <pre>
 * mvn -q install -DskipTests &amp;&amp; mvn -q -pl atrack-examples exec:java
 * ATRACK_BASE_URL=http://127.0.0.1:4318 mvn -q -pl atrack-examples exec:java
 * </pre>
 *
 * <p>Real code does not wait for every call: {@code track} and friends return at once and delivery
 * happens in the background. The demo waits ({@code join}) only so its output comes out in a fixed
 * order.
 */
public final class Demo {
  /** The key used against the fake collector. Printed only masked, like any key should be. */
  static final String DEMO_KEY = "pub_demo_0123456789abcdef";

  private final PrintStream out;
  private final String publicKey;
  private final UnaryOperator<ATrackBuilder> destination;
  private final Report report;
  private int flow;

  Demo(PrintStream out, String publicKey, UnaryOperator<ATrackBuilder> destination, Report report) {
    this.out = out;
    this.publicKey = publicKey;
    this.destination = destination;
    this.report = report;
  }

  public static void main(String[] args) {
    String key = System.getenv("ATRACK_PUBLIC_KEY");
    String baseUrl = System.getenv("ATRACK_BASE_URL");
    if (baseUrl != null && !baseUrl.isBlank()) {
      String k = key == null || key.isBlank() ? DEMO_KEY : key.strip();
      runAgainstBaseUrl(URI.create(baseUrl.strip()), k, System.out);
    } else if (key == null || key.isBlank()) {
      runAgainstFakeCollector(System.out);
    } else {
      runAgainstApi(key.strip(), System.getenv("ATRACK_GEO"), System.out);
    }
  }

  /**
   * Runs every flow against a fake collector on loopback, printing each request it received.
   *
   * @return every request the collector received, in arrival order
   */
  static List<RecordedRequest> runAgainstFakeCollector(PrintStream out) {
    try (FakeCollector collector = FakeCollector.start()) {
      out.println("Sending to a fake collector at " + collector.baseUrl());
      Report report = new CollectorReport(collector, out);
      new Demo(out, DEMO_KEY, b -> b.baseUrl(collector.baseUrl()), report).run();
      return collector.requests();
    }
  }

  /**
   * Runs every flow against a collector at {@code baseUrl} (A-Track Local, a proxy, a self-hosted
   * API), printing whether each call was delivered.
   */
  static void runAgainstBaseUrl(URI baseUrl, String publicKey, PrintStream out) {
    out.println("Sending to " + baseUrl + " with key " + Keys.mask(publicKey));
    new Demo(out, publicKey, b -> b.baseUrl(baseUrl), new ApiReport(out, publicKey)).run();
  }

  /** Runs every flow against the real API, printing whether each call was delivered. */
  static void runAgainstApi(String publicKey, String geo, PrintStream out) {
    boolean hasGeo = geo != null && !geo.isBlank();
    out.println(
        "Sending to the A-Track API"
            + (hasGeo ? " (geo " + geo.strip() + ")" : "")
            + " with key "
            + Keys.mask(publicKey));
    UnaryOperator<ATrackBuilder> destination = b -> hasGeo ? b.geo(geo.strip()) : b;
    new Demo(out, publicKey, destination, new ApiReport(out, publicKey)).run();
  }

  /** The flows, one after the other, on one shared client (plus a short-lived second one). */
  void run() {
    heading("Build a client");
    // One client per process: it is thread-safe, and owns a queue and delivery threads.
    // The try block is a safety net for errors; the last flow closes the client explicitly.
    try (ATrack sdk = newClient()) {
      out.println("  " + sdk);
      out.println("  (building sends nothing; the delivery threads start on first use)");

      initWithYourOwnUuid(sdk);
      initWithGeneratedUuid();
      initFromRequestInfo(sdk);
      setAttributes(sdk);
      trackEvent(sdk);
      requestScope(sdk);
      flushAndClose(sdk);
    }
  }

  private ATrack newClient() {
    return destination
        .apply(ATrack.builder().publicKey(publicKey))
        // The demo closes its clients itself; a JVM shutdown hook would only add a thread.
        .shutdownHook(false)
        .build();
  }

  private void initWithYourOwnUuid(ATrack sdk) {
    heading("init with your own uuid, then track an event for that user");
    CompletableFuture<InitResult> init = sdk.init(InitRequest.forUser("server-user-42"));
    // No uuid here: the event belongs to the current user, the one init just made current.
    CompletableFuture<Void> event =
        sdk.track("order_created", Map.of("orderId", "ord_123", "total", 149));
    report.flowDone(
        List.of(new Call("init server-user-42", init), new Call("order_created", event)));
  }

  /**
   * A second client, because init() without a uuid reuses the current user when there is one: on
   * {@code sdk} that would be server-user-42 again, not a new user.
   */
  private void initWithGeneratedUuid() {
    heading("init without a uuid (second client): the SDK generates one");
    try (ATrack worker = newClient()) {
      out.println("  currentUser() before init: " + worker.currentUser());
      CompletableFuture<InitResult> init = worker.init();
      // The uuid is known at once: init made it the current user before anything was sent.
      String uuid = worker.currentUser().map(User::uuid).orElseThrow();
      out.println("  currentUser().uuid() = " + uuid);
      resultOf(init).ifPresent(this::printInitResult);

      // Later, anywhere: an event for that user, named explicitly rather than "the current user".
      CompletableFuture<Void> event =
          worker.track(
              TrackRequest.builder("job_processed")
                  .uuid(uuid)
                  .attributes(Map.of("source", "worker"))
                  .build());
      report.flowDone(
          List.of(new Call("init (generated uuid)", init), new Call("job_processed", event)));
    }
  }

  private void initFromRequestInfo(ATrack sdk) {
    heading("init from an HTTP request's information (buildNodeInitPayload in Node)");
    InitRequest request =
        InitRequest.builder()
            .url("/pricing?source=google")
            .referer("https://google.com")
            .ipAddress("134.122.17.144")
            .userAgent("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36")
            .locale("en-US")
            .timezone("America/New_York")
            .uuid("crm-user-42")
            .userAttributes(Map.of("plan", "pro"))
            .build();
    report.flowDone(List.of(new Call("init crm-user-42", sdk.init(request))));
  }

  private void setAttributes(ATrack sdk) {
    heading("setAttributes: merge, then replace (current user crm-user-42)");
    // The SDK applies the change to its stored user at once, before the request is sent.
    CompletableFuture<Void> merge = sdk.setAttributes(Map.of("plan", "business", "seats", 12));
    out.println("  after merge:   " + attributesOf(sdk));
    CompletableFuture<Void> replace =
        sdk.setAttributes(Map.of("plan", "free"), AttributesMode.REPLACE);
    out.println("  after replace: " + attributesOf(sdk));
    report.flowDone(
        List.of(new Call("attributes merge", merge), new Call("attributes replace", replace)));
  }

  private void trackEvent(ATrack sdk) {
    heading("track an event for the current user");
    CompletableFuture<Void> event =
        sdk.track("invoice_paid", Map.of("invoiceId", "inv_123", "amount", 499));
    report.flowDone(List.of(new Call("invoice_paid", event)));
  }

  /**
   * What the Servlet filter and Spring starter do for every HTTP request: calls inside the scope
   * carry its context, and init sets the scope's own current user, so concurrent requests for
   * different users never see each other's user.
   */
  private void requestScope(ATrack sdk) {
    heading("a request scope: context and current user for one HTTP request");
    RequestContext context =
        RequestContext.builder()
            .url("/checkout")
            .ipAddress("203.0.113.7")
            .userAgent("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)")
            .locale("de-DE")
            .timezone("Europe/Berlin")
            .put("requestId", "req-7f3a")
            .build();
    CompletableFuture<InitResult> init;
    CompletableFuture<Void> event;
    try (RequestContext.Scope ignored = context.makeCurrent()) {
      init = sdk.init(InitRequest.forUser("web-user-7"));
      event = sdk.track("checkout_started", Map.of("items", 3));
    }
    out.println(
        "  currentUser() outside the scope: "
            + sdk.currentUser().map(User::uuid).orElse("none")
            + " (web-user-7 belonged to the scope)");
    report.flowDone(
        List.of(new Call("init web-user-7 (scoped)", init), new Call("checkout_started", event)));
  }

  private void flushAndClose(ATrack sdk) {
    heading("flush, stats, close");
    // flush() waits for everything accepted so far; close() also stops the delivery threads.
    sdk.flush().join();
    // This client's counters only: the second client of flow 3 counted its own two requests.
    out.println("  " + sdk.stats());
    sdk.close();
    out.println("  closed");
  }

  private void printInitResult(InitResult result) {
    out.printf("  InitResult.uuid()    = %s (isNewUser=%s)%n", result.uuid(), result.isNewUser());
  }

  private void heading(String title) {
    out.println();
    out.println("== " + ++flow + ". " + title);
  }

  private static String attributesOf(ATrack sdk) {
    return sdk.currentUser().map(User::attributes).map(Object::toString).orElse("(no user)");
  }

  /** Waits for a call's result; empty when it failed (the flow's report says why). */
  private static <T> Optional<T> resultOf(CompletableFuture<T> future) {
    return Optional.ofNullable(
        future.handle((value, error) -> error == null ? value : null).join());
  }
}
