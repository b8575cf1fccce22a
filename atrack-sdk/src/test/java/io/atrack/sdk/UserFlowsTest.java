package io.atrack.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrack.sdk.storage.MemoryUserStorage;
import io.atrack.testkit.FakeCollectorExtension;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Node SDK's flows (SPEC section 1) and the current-user rules of SPEC section 4. */
class UserFlowsTest {
  private static final Pattern UUID_V4 =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  @Test
  void initWithOwnUuidMakesItCurrentAndNew() {
    try (ATrack sdk = TestClients.against(collector).build()) {
      InitResult result = sdk.init(InitRequest.forUser("server-user-42")).join();
      sdk.track("order_created", Map.of("orderId", "ord_123", "total", 149)).join();

      assertThat(result).isEqualTo(new InitResult("server-user-42", true));
      assertThat(sdk.currentUser()).map(User::uuid).contains("server-user-42");
    }
    assertThat(collector.requests("/event").get(0).body())
        .containsEntry("uuid", "server-user-42")
        .containsEntry("event", "order_created")
        .containsEntry("attributes", Map.of("orderId", "ord_123", "total", 149));
  }

  @Test
  void initWithoutUuidGeneratesOneReadableFromResultAndCurrentUser() {
    try (ATrack sdk = TestClients.against(collector).build()) {
      assertThat(sdk.currentUser()).isEmpty();
      InitResult result = sdk.init().join();

      assertThat(result.uuid()).matches(UUID_V4);
      assertThat(result.isNewUser()).isTrue();
      assertThat(sdk.currentUser()).map(User::uuid).contains(result.uuid());

      sdk.track(
              TrackRequest.builder("job_processed")
                  .uuid(result.uuid())
                  .attributes(Map.of("source", "worker"))
                  .build())
          .join();
      assertThat(collector.requests("/init").get(0).body())
          .containsEntry("uuid", result.uuid())
          .containsEntry("isNewUser", true);
      assertThat(collector.requests("/event").get(0).body()).containsEntry("uuid", result.uuid());
    }
  }

  @Test
  void initWithoutUuidReusesTheCurrentUserAsKnown() {
    try (ATrack sdk = TestClients.against(collector).build()) {
      InitResult first = sdk.init().join();
      InitResult again = sdk.init().join();

      assertThat(again).isEqualTo(new InitResult(first.uuid(), false));
    }
    assertThat(collector.requests("/init"))
        .extracting(r -> r.body().get("isNewUser"))
        .containsExactly(true, false);
  }

  @Test
  void isNewUserIsFalseWhenStorageKnowsTheUuid() {
    MemoryUserStorage shared = new MemoryUserStorage();
    try (ATrack first = TestClients.against(collector).storage(shared).build();
        ATrack second = TestClients.against(collector).storage(shared).build()) {
      assertThat(first.init(InitRequest.forUser("u1")).join().isNewUser()).isTrue();
      assertThat(second.init(InitRequest.forUser("u1")).join().isNewUser()).isFalse();
      assertThat(second.init(InitRequest.forUser("u2")).join().isNewUser()).isTrue();
    }
  }

  @Test
  void currentUserShowsAttributesAfterMergeAndReplace() {
    try (ATrack sdk = TestClients.against(collector).build()) {
      sdk.init(
              InitRequest.builder()
                  .uuid("crm-user-42")
                  .userAttributes(Map.of("plan", "pro", "region", "eu"))
                  .build())
          .join();
      assertThat(sdk.currentUser().orElseThrow().attributes())
          .isEqualTo(Map.of("plan", "pro", "region", "eu"));

      sdk.setAttributes(Map.of("plan", "business", "seats", 12)).join();
      assertThat(sdk.currentUser().orElseThrow().attributes())
          .isEqualTo(Map.of("plan", "business", "seats", 12, "region", "eu"));

      sdk.setAttributes(Map.of("plan", "free"), AttributesMode.REPLACE).join();
      assertThat(sdk.currentUser().orElseThrow().attributes()).isEqualTo(Map.of("plan", "free"));
    }
    assertThat(collector.requests("/attributes"))
        .extracting(r -> r.body().get("mode"))
        .containsExactly("merge", "replace");
  }

  @Test
  void setAttributesForAnExplicitUserLeavesTheCurrentUserAlone() {
    try (ATrack sdk = TestClients.against(collector).build()) {
      sdk.init(InitRequest.forUser("me")).join();
      sdk.setAttributes(
              AttributesRequest.builder()
                  .uuid("crm-user-42")
                  .attributes(Map.of("plan", "pro"))
                  .mode(AttributesMode.MERGE)
                  .build())
          .join();

      assertThat(sdk.currentUser()).map(User::uuid).contains("me");
      assertThat(collector.requests("/attributes").get(0).body())
          .containsEntry("uuid", "crm-user-42");
    }
  }

  @Test
  void callsThatNeedAUserFailClearlyWithoutOne() {
    try (ATrack sdk = TestClients.against(collector).build()) {
      assertThatThrownBy(() -> sdk.track("e"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("call init() first or pass a uuid");
      assertThatThrownBy(() -> sdk.setAttributes(Map.of("a", 1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("call init() first or pass a uuid");
    }
    assertThat(collector.requestCount()).isZero();
  }

  @Test
  void aRejectedCallChangesNeitherTheStoredNorTheCurrentUser() {
    collector.stall();
    try (ATrack sdk = TestClients.against(collector).maxQueueSize(1).build()) {
      var unused =
          sdk.init(
              InitRequest.builder().uuid("first").userAttributes(Map.of("plan", "pro")).build());
      var rejectedInit = sdk.init(InitRequest.forUser("second"));
      var rejectedSet =
          sdk.setAttributes(
              AttributesRequest.builder().uuid("first").attributes(Map.of("plan", "free")).build());

      assertThat(rejectedInit).isCompletedExceptionally();
      assertThat(rejectedSet).isCompletedExceptionally();
      assertThat(sdk.currentUser()).map(User::uuid).contains("first");
      assertThat(sdk.currentUser().orElseThrow().attributes()).isEqualTo(Map.of("plan", "pro"));
      collector.resume();
    }
  }

  @Test
  void initFutureCompletesOnlyAfterTheApiAcknowledged() {
    collector.stall();
    try (ATrack sdk = TestClients.against(collector).build()) {
      var future = sdk.init(InitRequest.forUser("u1"));
      collector.awaitRequests(1, java.time.Duration.ofSeconds(5));
      assertThat(future).isNotDone();
      collector.resume();
      assertThat(future.join().uuid()).isEqualTo("u1");
    }
  }
}
