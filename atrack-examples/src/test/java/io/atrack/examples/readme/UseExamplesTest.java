package io.atrack.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.AttributesMode;
import io.atrack.sdk.AttributesRequest;
import io.atrack.sdk.FlushResult;
import io.atrack.sdk.InitRequest;
import io.atrack.sdk.InitResult;
import io.atrack.sdk.TrackRequest;
import io.atrack.testkit.FakeCollectorExtension;
import io.atrack.testkit.RecordedRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's "Use" examples, built and run against the fake collector. */
class UseExamplesTest {
  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  /** The README's client; built but never used here: it would send to the real API. */
  static ATrack readmeClient() {
    // spotless:off
    ATrack sdk = ATrack.builder()
        .publicKey("pub_xxxxx")
        .geo("fra")                       // or geo(Geo.FRA); any case
        .build();                         // one per process; thread-safe; close() at the end
    // spotless:on
    return sdk;
  }

  @SuppressWarnings({
    "FutureReturnValueIgnored", // The README ignores futures, as users may.
    "UnusedVariable" // r shows what init returns.
  })
  static FlushResult readmeCalls(ATrack sdk, String userAgent) {
    // spotless:off
    // your own uuid
    sdk.init(InitRequest.forUser("server-user-42"));
    sdk.track("order_created", Map.of("orderId", "ord_123", "total", 149));

    // a generated uuid, read back from the result or the current user
    InitResult r = sdk.init().join();     // r.uuid(), r.isNewUser()
    String uuid = sdk.currentUser().orElseThrow().uuid();

    // an explicit uuid per event (workers, servers)
    sdk.track(TrackRequest.builder("job_processed").uuid(uuid)
        .attributes(Map.of("source", "worker")).build());

    // init from a request (buildNodeInitPayload's twin)
    sdk.init(InitRequest.builder()
        .url("/pricing?source=google").referer("https://google.com")
        .ipAddress("134.122.17.144").userAgent(userAgent)
        .locale("en-US").timezone("America/New_York")
        .uuid("crm-user-42").userAttributes(Map.of("plan", "pro"))
        .build());

    // attributes: merge (default) or replace; currentUser() shows the result at once
    sdk.setAttributes(Map.of("plan", "business", "seats", 12));
    sdk.setAttributes(Map.of("plan", "free"), AttributesMode.REPLACE);
    sdk.setAttributes(AttributesRequest.builder().uuid("crm-user-42")
        .attributes(Map.of("plan", "pro")).mode(AttributesMode.MERGE).build());

    FlushResult flushed = sdk.flush().join(); // wait for everything so far
    if (flushed.failed() > 0) { /* a worker can exit non-zero */ }
    sdk.close();                          // flush (up to closeTimeout), then stop
    // spotless:on
    return flushed;
  }

  @Test
  void theReadmeClientBuildsWithoutSending() {
    ATrack sdk = readmeClient();
    sdk.close();
    assertThat(sdk.stats().enqueued()).isZero();
  }

  @Test
  void theReadmeCallsReachTheCollectorInOrder() {
    ATrack sdk =
        ATrack.builder()
            .publicKey("pub_test_12345678")
            .baseUrl(collector.baseUrl())
            .shutdownHook(false)
            .build();

    FlushResult flushed = readmeCalls(sdk, "Mozilla/5.0");

    assertThat(flushed.failed()).isZero();
    assertThat(collector.requests())
        .extracting(RecordedRequest::path)
        .containsExactlyInAnyOrder(
            "/init",
            "/event",
            "/init",
            "/event",
            "/init",
            "/attributes",
            "/attributes",
            "/attributes");
    assertThat(collector.requests("/init"))
        .filteredOn(init -> "crm-user-42".equals(init.body().get("uuid")))
        .singleElement()
        .satisfies(init -> assertThat(init.rawBody()).contains("Mozilla/5.0", "/pricing"));
  }
}
