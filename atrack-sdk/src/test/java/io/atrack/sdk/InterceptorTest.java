package io.atrack.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrack.testkit.FakeCollectorExtension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The interceptor chain: enrich, redact, drop, fail one call, in order, before encoding. */
class InterceptorTest {
  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  /** The README's PII rule: no e-mail attribute, the last octet of the client IP masked. */
  static final Interceptor SCRUB_PII =
      call -> {
        Interceptor.Call.Builder b = call.toBuilder().removeAttribute("email");
        call.context()
            .ipAddress()
            .ifPresent(
                ip ->
                    b.context(
                        call.context().toBuilder()
                            .ipAddress(ip.replaceAll("\\.\\d+$", ".0"))
                            .build()));
        return b.build();
      };

  @Test
  void scrubsPiiFromEveryKindOfCallAndFromTheStoredUser() {
    RequestContext ctx = RequestContext.builder().ipAddress("134.122.17.144").build();
    try (ATrack sdk = TestClients.against(collector).interceptor(SCRUB_PII).build();
        RequestContext.Scope ignored = ctx.makeCurrent()) {
      sdk.init(
              InitRequest.builder()
                  .uuid("u1")
                  .userAttributes(Map.of("email", "a@b.example", "plan", "pro"))
                  .build())
          .join();
      sdk.setAttributes(Map.of("email", "c@d.example", "seats", 3)).join();
      sdk.track("signup", Map.of("email", "e@f.example", "step", 2)).join();

      assertThat(sdk.currentUser().orElseThrow().attributes())
          .isEqualTo(Map.of("plan", "pro", "seats", 3));
    }
    assertThat(collector.requests("/init").get(0).body().get("attributes"))
        .isEqualTo(Map.of("plan", "pro"));
    assertThat(collector.requests("/attributes").get(0).body().get("attributes"))
        .isEqualTo(Map.of("seats", 3));
    assertThat(collector.requests("/event").get(0).body())
        .containsEntry("attributes", Map.of("step", 2))
        .containsEntry("context", Map.of("ipAddress", "134.122.17.0"));
    assertThat(collector.requests("/init").get(0).body().get("context"))
        .isEqualTo(Map.of("ipAddress", "134.122.17.0"));
    assertThat(collector.requests()).noneMatch(r -> r.rawBody().contains("@"));
  }

  @Test
  void runsInOrderOnTheCallersThreadEachSeeingWhatTheOneBeforeReturned() {
    List<String> seen = new ArrayList<>();
    Thread caller = Thread.currentThread();
    try (ATrack sdk =
        TestClients.against(collector)
            .interceptor(
                call -> {
                  seen.add("first on " + (Thread.currentThread() == caller ? "caller" : "other"));
                  return call.toBuilder().putAttribute("n", 1).putContext("traceId", "t1").build();
                })
            .interceptor(
                call -> {
                  seen.add("second saw n=" + call.attributes().get("n"));
                  return call.toBuilder().putAttribute("n", 2).build();
                })
            .build()) {
      sdk.track(TrackRequest.builder("e").uuid("u1").build()).join();
    }
    assertThat(seen).containsExactly("first on caller", "second saw n=1");
    assertThat(collector.requests("/event").get(0).body())
        .containsEntry("attributes", Map.of("n", 2))
        .containsEntry("context", Map.of("traceId", "t1"));
  }

  @Test
  void addsAContextEntryPerCallInsideAScopeWithoutChangingTheScope() {
    int[] n = {0};
    RequestContext ctx = RequestContext.builder().url("/pricing").build();
    try (ATrack sdk =
            TestClients.against(collector)
                .interceptor(c -> c.toBuilder().putContext("spanId", "s" + ++n[0]).build())
                .build();
        RequestContext.Scope ignored = ctx.makeCurrent()) {
      sdk.init(InitRequest.forUser("u1")).join();
      sdk.track("a").join();
      sdk.track("b").join();
      assertThat(RequestContext.current()).isEqualTo(ctx);
    }
    assertThat(collector.requests("/event"))
        .extracting(r -> r.body().get("context"))
        .containsExactly(
            Map.of("url", "/pricing", "spanId", "s2"), Map.of("url", "/pricing", "spanId", "s3"));
  }

  @Test
  void aDroppedCallQueuesNothingStoresNothingAndCompletesAtOnce() {
    Interceptor dropAll = call -> null;
    try (ATrack sdk = TestClients.against(collector).interceptor(dropAll).build()) {
      CompletableFuture<InitResult> init = sdk.init(InitRequest.forUser("u1"));
      CompletableFuture<Void> attrs =
          sdk.setAttributes(
              AttributesRequest.builder().uuid("u1").attributes(Map.of("a", 1)).build());
      CompletableFuture<Void> event = sdk.track(TrackRequest.builder("e").uuid("u1").build());

      assertThat(init).isCompletedWithValue(new InitResult("u1", false));
      assertThat(attrs).isCompletedWithValue(null);
      assertThat(event).isCompletedWithValue(null);
      assertThat(sdk.currentUser()).isEmpty();
      assertThat(sdk.flush().join()).isEqualTo(EngineOutcomes.INSTANCE.flushResult(0, 0));
      assertThat(sdk.stats().enqueued()).isZero();
    }
    assertThat(collector.requests()).isEmpty();
  }

  @Test
  void aDroppedInitWithoutUuidReportsTheGeneratedOneAsNew() {
    try (ATrack sdk = TestClients.against(collector).interceptor(call -> null).build()) {
      InitResult r = sdk.init().join();
      assertThat(r.isNewUser()).isTrue();
      assertThat(sdk.currentUser()).isEmpty();
    }
  }

  @Test
  void aThrowingInterceptorFailsThatCallOnlyNamingIt() {
    Interceptor picky =
        new Interceptor() {
          @Override
          public Interceptor.Call intercept(Interceptor.Call call) {
            if (call.event().filter("bad"::equals).isPresent()) {
              throw new IllegalStateException("no bad events");
            }
            return call;
          }

          @Override
          public String toString() {
            return "PickyInterceptor";
          }
        };
    try (ATrack sdk = TestClients.against(collector).interceptor(picky).build()) {
      sdk.init(InitRequest.forUser("u1")).join();
      assertThatThrownBy(() -> sdk.track("bad", Map.of("x", 1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("PickyInterceptor")
          .hasMessageContaining("track(\"bad\")")
          .hasCauseInstanceOf(IllegalStateException.class);
      sdk.track("good").join();
      assertThat(sdk.stats().enqueued()).isEqualTo(2);
    }
    assertThat(collector.requests("/event"))
        .extracting(r -> r.body().get("event"))
        .containsExactly("good");
  }

  @Test
  void aValueTheInterceptorAddsIsCheckedLikeTheCallersOwn() {
    try (ATrack sdk =
        TestClients.against(collector)
            .interceptor(c -> c.toBuilder().putAttribute("ratio", Double.NaN).build())
            .build()) {
      assertThatThrownBy(() -> sdk.track(TrackRequest.builder("e").uuid("u1").build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("attributes.ratio");
      assertThat(sdk.stats().enqueued()).isZero();
    }
  }

  @Test
  void aCallForAnotherRequestIsRefused() {
    try (ATrack sdk =
        TestClients.against(collector)
            .interceptor(c -> Interceptor.Call.builder(RequestKind.EVENT, "other", "e").build())
            .build()) {
      assertThatThrownBy(() -> sdk.track(TrackRequest.builder("e").uuid("u1").build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("another request");
    }
  }

  @Test
  void aCallIsImmutableAndItsBuilderCopies() {
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("a", 1);
    Interceptor.Call call =
        Interceptor.Call.builder(RequestKind.EVENT, "u1", "e").attributes(attrs).build();
    attrs.put("b", 2);
    Interceptor.Call.Builder b = call.toBuilder().putAttribute("c", 3);
    Interceptor.Call changed = b.build();
    b.putAttribute("d", 4);

    assertThat(call.attributes()).containsOnlyKeys("a");
    assertThat(changed.attributes()).containsOnlyKeys("a", "c");
    assertThatThrownBy(() -> call.attributes().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(call.toString()).contains("[a]").doesNotContain("u1");
    assertThatThrownBy(() -> Interceptor.Call.builder(RequestKind.INIT, "u1", "e"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
