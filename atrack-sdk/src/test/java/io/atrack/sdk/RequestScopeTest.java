package io.atrack.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.testkit.FakeCollectorExtension;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Request scopes (SPEC section 5): context on every call, and a current user per scope. */
class RequestScopeTest {
  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  private static final RequestContext PRICING =
      RequestContext.builder()
          .url("/pricing")
          .ipAddress("10.0.0.1")
          .locale("de-DE")
          .timezone("Europe/Berlin")
          .put("tenant", "acme")
          .build();

  /** {@link #PRICING} as it arrives in a body's {@code context}. */
  private static final Map<String, Object> PRICING_JSON =
      Map.of(
          "url",
          "/pricing",
          "ipAddress",
          "10.0.0.1",
          "locale",
          "de-DE",
          "timezone",
          "Europe/Berlin",
          "tenant",
          "acme");

  @Test
  void callsInsideAScopeCarryItsContext() {
    try (ATrack sdk = TestClients.against(collector).build()) {
      try (RequestContext.Scope ignored = PRICING.makeCurrent()) {
        sdk.init(InitRequest.forUser("u1")).join();
        sdk.setAttributes(Map.of("plan", "pro")).join();
        sdk.track("pricing_viewed").join();
      }
      sdk.track(TrackRequest.builder("outside").uuid("u1").build()).join();
    }
    Map<String, Object> expectedProfile = Map.of("locale", "de-DE", "timezone", "Europe/Berlin");
    assertThat(collector.requests("/init").get(0).body())
        .containsEntry("context", PRICING_JSON)
        .containsEntry("profile", expectedProfile);
    assertThat(collector.requests("/attributes").get(0).body())
        .containsEntry("profile", expectedProfile);
    assertThat(collector.requests("/event"))
        .extracting(r -> r.body().get("context"))
        .containsExactly(PRICING_JSON, Map.of());
  }

  @Test
  void everyEventOfAScopeCarriesItsContextAndAnExplicitContextWins() {
    RequestContext other = RequestContext.builder().url("/job").build();
    try (ATrack sdk = TestClients.against(collector).build()) {
      try (RequestContext.Scope ignored = PRICING.makeCurrent()) {
        sdk.init(InitRequest.forUser("u1")).join();
        sdk.track("first").join();
        sdk.track(TrackRequest.builder("explicit").context(other).build()).join();
        sdk.track("second").join();
      }
      try (RequestContext.Scope ignored = other.makeCurrent()) {
        sdk.track(TrackRequest.builder("next scope").uuid("u1").build()).join();
      }
    }
    assertThat(collector.requests("/event"))
        .extracting(r -> r.body().get("context"))
        .containsExactly(PRICING_JSON, Map.of("url", "/job"), PRICING_JSON, Map.of("url", "/job"));
  }

  @Test
  void initRequestInformationWinsOverTheScope() {
    try (ATrack sdk = TestClients.against(collector).build();
        RequestContext.Scope ignored = PRICING.makeCurrent()) {
      sdk.init(InitRequest.builder().uuid("u1").url("/checkout").build()).join();
    }
    assertThat(collector.requests("/init").get(0).body().get("context"))
        .isEqualTo(
            Map.of(
                "url",
                "/checkout",
                "ipAddress",
                "10.0.0.1",
                "locale",
                "de-DE",
                "timezone",
                "Europe/Berlin",
                "tenant",
                "acme"));
  }

  @Test
  void eachScopeHasItsOwnCurrentUserAndTheClientsIsUntouched() {
    try (ATrack sdk = TestClients.against(collector).build()) {
      sdk.init(InitRequest.forUser("worker")).join();
      try (RequestContext.Scope ignored = RequestContext.empty().makeCurrent()) {
        assertThat(sdk.currentUser()).isEmpty();
        sdk.init(InitRequest.forUser("visitor")).join();
        assertThat(sdk.currentUser()).map(User::uuid).contains("visitor");
        sdk.track("in_scope").join();
      }
      assertThat(sdk.currentUser()).map(User::uuid).contains("worker");
    }
    assertThat(collector.requests("/event").get(0).body()).containsEntry("uuid", "visitor");
  }

  @Test
  void wrapCarriesScopeAndUserToAnotherThread() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (ATrack sdk = TestClients.against(collector).build()) {
      try (RequestContext.Scope ignored = PRICING.makeCurrent()) {
        sdk.init(InitRequest.forUser("u-async")).join();
        pool.submit(RequestContext.wrap(() -> sdk.track("async_work").join())).get();
      }
      pool.submit(() -> assertThat(RequestContext.current()).isEqualTo(RequestContext.empty()))
          .get();
    } finally {
      pool.shutdownNow();
    }
    assertThat(collector.requests("/event").get(0).body())
        .containsEntry("uuid", "u-async")
        .containsEntry("context", PRICING_JSON);
  }

  @Test
  void scopesNestAndRestore() {
    RequestContext outer = RequestContext.builder().url("/outer").build();
    RequestContext inner = RequestContext.builder().url("/inner").build();
    try (RequestContext.Scope a = outer.makeCurrent()) {
      try (RequestContext.Scope b = inner.makeCurrent()) {
        assertThat(RequestContext.current()).isEqualTo(inner);
      }
      assertThat(RequestContext.current()).isEqualTo(outer);
    }
    assertThat(RequestContext.current()).isEqualTo(RequestContext.empty());
  }

  @Test
  void toStringNamesEntriesButNotValues() {
    assertThat(PRICING.toString()).contains("url", "ipAddress").doesNotContain("10.0.0.1");
  }
}
