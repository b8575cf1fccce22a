package io.atrack.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrack.testkit.FakeCollectorExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bad input fails at the call with a message naming the problem; nothing queued is touched. */
class ValidationTest {
  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  @Test
  void publicKeyMustBePresentPrintableAndIsNeverShownWhole() {
    assertThatThrownBy(() -> ATrack.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("publicKey is required");
    assertThatThrownBy(() -> ATrack.builder().publicKey(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("publicKey");
    assertThatThrownBy(() -> ATrack.builder().publicKey("  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
    String secret = "pub_secret_0123456789\nabcd";
    assertThatThrownBy(() -> ATrack.builder().publicKey(secret))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(U+000A) at index 21")
        .hasMessageNotContaining("secret_0123456789");
  }

  @Test
  void uuidMustNotBeBlankOrHaveControlCharacters() {
    assertThatThrownBy(() -> InitRequest.forUser(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("uuid must not be blank");
    assertThatThrownBy(() -> InitRequest.forUser("user\r\n42"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("uuid must not contain control characters; found U+000D at index 4");
    assertThatThrownBy(() -> TrackRequest.builder("e").uuid("a".repeat(257)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit is 256");
    assertThatThrownBy(() -> InitRequest.forUser(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("uuid");
  }

  @Test
  void eventNameMustBeShortPrintableAndNotBlank() {
    try (ATrack sdk = TestClients.against(collector).build()) {
      sdk.init(InitRequest.forUser("u1")).join();
      assertThatThrownBy(() -> sdk.track(""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("event name must not be blank");
      assertThatThrownBy(() -> sdk.track("a".repeat(300)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("event name is 300 characters; the limit is 256");
      assertThatThrownBy(() -> sdk.track("line\nbreak"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("U+000A");
    }
  }

  @Test
  void valuesJsonCannotCarryFailWithThePath() {
    try (ATrack sdk = TestClients.against(collector).build()) {
      sdk.init(InitRequest.forUser("u1")).join();
      assertThatThrownBy(() -> sdk.track("e", Map.of("price", Double.NaN)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("attributes.price")
          .hasMessageContaining("NaN");
      assertThatThrownBy(
              () -> sdk.track("e", Map.of("items", List.of(Map.of("x", Double.POSITIVE_INFINITY)))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("attributes.items[0].x");
      Map<String, Object> cyclic = new HashMap<>();
      cyclic.put("self", cyclic);
      assertThatThrownBy(() -> sdk.track("e", cyclic))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cycle");
      assertThatThrownBy(() -> sdk.track("e", Map.of("thread", new Object())))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("attributes.thread")
          .hasMessageContaining("java.lang.Object");
      Map<Object, Object> numberKeys = new HashMap<>();
      numberKeys.put(1, "one");
      assertThatThrownBy(() -> sdk.track("e", Map.of("nested", numberKeys)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("attributes.nested");
      assertThatThrownBy(() -> sdk.setAttributes(Map.of("plan", Float.NaN)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("attributes.plan");
    }
    assertThat(collector.requests("/event")).isEmpty();
    assertThat(collector.requests("/attributes")).isEmpty();
  }

  @Test
  void bodiesOverTheLimitFailWithTheLimitNamed() {
    try (ATrack sdk = TestClients.against(collector).maxBodyBytes(4096).build()) {
      sdk.init(InitRequest.forUser("u1")).join();
      assertThatThrownBy(() -> sdk.track("e", Map.of("blob", "x".repeat(5000))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("over the limit of 4096 bytes");
      assertThatThrownBy(
              () ->
                  sdk.init(
                      InitRequest.builder()
                          .uuid("u2")
                          .userAttributes(Map.of("blob", "y".repeat(5000)))
                          .build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("4096");
      // The failed init changed nothing: u1 is still the current user.
      assertThat(sdk.currentUser()).map(User::uuid).contains("u1");
    }
  }

  @Test
  void badCallLeavesQueuedRequestsIntact() {
    collector.stall();
    try (ATrack sdk = TestClients.against(collector).build()) {
      List<CompletableFuture<Void>> queued = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        queued.add(
            sdk.track(TrackRequest.builder("ok").uuid("u1").attributes(Map.of("i", i)).build()));
      }
      assertThatThrownBy(
              () ->
                  sdk.track(
                      TrackRequest.builder("bad")
                          .uuid("u1")
                          .attributes(Map.of("v", Double.NaN))
                          .build()))
          .isInstanceOf(IllegalArgumentException.class);
      collector.resume();
      CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).join();
    }
    assertThat(collector.requests("/event"))
        .hasSize(20)
        .allSatisfy(r -> assertThat(r.body()).containsEntry("event", "ok"));
  }

  @Test
  void callerMayChangeItsMapAfterTheCall() {
    collector.stall();
    Map<String, Object> attributes = new HashMap<>();
    attributes.put("step", 1);
    List<Object> items = new ArrayList<>(List.of("a"));
    attributes.put("items", items);
    try (ATrack sdk = TestClients.against(collector).build()) {
      var unused = sdk.init(InitRequest.forUser("u1"));
      CompletableFuture<Void> tracked = sdk.track("e", attributes);
      CompletableFuture<Void> set = sdk.setAttributes(attributes);
      attributes.put("step", 2);
      items.add("b");
      collector.resume();
      tracked.join();
      set.join();
      assertThat(sdk.currentUser().orElseThrow().attributes())
          .isEqualTo(Map.of("step", 1, "items", List.of("a")));
    }
    assertThat(collector.requests("/event").get(0).body().get("attributes"))
        .isEqualTo(Map.of("step", 1, "items", List.of("a")));
  }

  @Test
  void builderRejectsBadSettingsNamingThem() {
    assertThatThrownBy(() -> ATrack.builder().baseUrl("ftp://x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http:// or https://");
    assertThatThrownBy(() -> ATrack.builder().baseUrl("https://user:pw@host"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user info");
    assertThatThrownBy(() -> ATrack.builder().baseUrl("https://host/?q=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query");
    assertThatThrownBy(() -> ATrack.builder().maxQueueSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxQueueSize");
    assertThatThrownBy(() -> ATrack.builder().requestTimeout(java.time.Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("requestTimeout");
  }
}
