package io.atrack.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.atrack.sdk.storage.MemoryUserStorage;
import io.atrack.sdk.storage.UserStorage;
import io.atrack.testkit.FakeCollectorExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Where the storage work of a state change runs (in the user's lane, never on the caller's thread),
 * what the storage gets (the values as sent), and what a failing storage does (nothing to the call:
 * issue 8, defect 4).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@SuppressWarnings("FutureReturnValueIgnored") // fire and forget, as a caller of init would
class StorageInTheLaneTest {
  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  /** A storage whose every method throws, as a storage server that is down would. */
  static final class DownStorage implements UserStorage {
    @Override
    public Optional<User> get(String uuid) {
      throw new IllegalStateException("storage down");
    }

    @Override
    public void put(User user) {
      throw new IllegalStateException("storage down");
    }
  }

  /** Memory storage that notes which thread called it and can hold its writes back. */
  static final class WatchedStorage implements UserStorage {
    final MemoryUserStorage memory = new MemoryUserStorage();
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final List<Thread> writers = Collections.synchronizedList(new ArrayList<>());
    volatile CountDownLatch gate = new CountDownLatch(0);

    @Override
    public Optional<User> get(String uuid) {
      return memory.get(uuid);
    }

    @Override
    public void put(User user) {
      write("put " + user.uuid());
      memory.put(user);
    }

    @Override
    public boolean recordIfAbsent(String uuid) {
      write("record " + uuid);
      return memory.recordIfAbsent(uuid);
    }

    @Override
    public User mergeAttributes(String uuid, Map<String, ?> changes) {
      write("merge " + uuid + " " + changes);
      return memory.mergeAttributes(uuid, changes);
    }

    @Override
    public User replaceAttributes(String uuid, Map<String, ?> attributes) {
      write("replace " + uuid + " " + attributes);
      return memory.replaceAttributes(uuid, attributes);
    }

    private void write(String call) {
      writers.add(Thread.currentThread());
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      calls.add(call);
    }
  }

  @Test
  void aFailingStorageNeitherFailsNorHalvesTheCall() {
    try (ATrack sdk = TestClients.against(collector).storage(new DownStorage()).build()) {
      AtomicReference<CompletableFuture<InitResult>> init = new AtomicReference<>();
      assertThatCode(
              () ->
                  init.set(
                      sdk.init(
                          InitRequest.builder()
                              .uuid("u1")
                              .userAttributes(Map.of("plan", "pro"))
                              .build())))
          .doesNotThrowAnyException();
      CompletableFuture<Void> set = sdk.setAttributes(Map.of("seats", 3));

      // The call happened: current user set, request delivered, the caller told it succeeded.
      assertThat(sdk.currentUser()).map(User::uuid).contains("u1");
      assertThat(init.get().join())
          .isEqualTo(new InitResult("u1", UserWrites.FALLBACK_IS_NEW_USER));
      set.join();
      InitResult generated = sdk.init(InitRequest.builder().build()).join();
      assertThat(generated.isNewUser()).as("reuses the current user").isFalse();
      assertThat(sdk.stats().storageFailures()).isGreaterThanOrEqualTo(3);
      assertThat(sdk.stats().failed()).isZero();
    }
    assertThat(collector.requests("/init"))
        .extracting(r -> r.body().get("isNewUser"))
        .containsExactly(false, false);
    assertThat(collector.requests("/attributes")).hasSize(1);
  }

  @Test
  void aGeneratedUuidIsNewEvenWhenTheStorageIsDown() {
    try (ATrack sdk = TestClients.against(collector).storage(new DownStorage()).build()) {
      assertThat(sdk.init().join().isNewUser()).isTrue();
    }
    assertThat(collector.requests("/init").get(0).body()).containsEntry("isNewUser", true);
  }

  @SuppressWarnings("ArrayRecordComponent") // the mutable value a caller may send: the point here
  record Basket(int[] quantities, List<String> items) {}

  @Test
  void storedAttributesAreWhatWasSentNotTheCallersObjects() {
    int[] scores = {1, 2, 3};
    Basket basket = new Basket(new int[] {5}, new ArrayList<>(List.of("apple")));
    Object[] tags = {"a", new int[] {7}};
    try (ATrack sdk = TestClients.against(collector).build()) {
      sdk.init(InitRequest.forUser("u1"));
      sdk.setAttributes(Map.of("scores", scores, "basket", basket, "tags", tags)).join();

      scores[0] = 99;
      basket.quantities()[0] = 99;
      basket.items().add("pear");
      ((int[]) tags[1])[0] = 99;

      Map<String, Object> expected =
          Map.of(
              "scores",
              List.of(1, 2, 3),
              "basket",
              Map.of("quantities", List.of(5), "items", List.of("apple")),
              "tags",
              List.of("a", List.of(7)));
      assertThat(sdk.currentUser().orElseThrow().attributes()).isEqualTo(expected);
      assertThat(collector.requests("/attributes").get(0).body().get("attributes"))
          .isEqualTo(expected);
    }
  }

  @Test
  void storageWorkRunsInTheLaneNeverOnTheCallersThread() throws Exception {
    WatchedStorage storage = new WatchedStorage();
    storage.gate = new CountDownLatch(1); // the storage answers nothing until released
    try (ATrack sdk = TestClients.against(collector).storage(storage).build()) {
      CompletableFuture<InitResult> init =
          sdk.init(InitRequest.builder().uuid("u1").userAttributes(Map.of("plan", "pro")).build());
      CompletableFuture<Void> merge = sdk.setAttributes(Map.of("seats", 3));
      CompletableFuture<Void> replace =
          sdk.setAttributes(Map.of("plan", "free"), AttributesMode.REPLACE);

      // The calls returned although the storage has not answered; their changes show at once.
      assertThat(sdk.currentUser().orElseThrow().attributes()).isEqualTo(Map.of("plan", "free"));
      assertThat(init).isNotDone();
      assertThat(collector.requestCount()).as("nothing is sent before its storage work").isZero();

      storage.gate.countDown();
      init.join();
      merge.join();
      replace.join();
      assertThat(storage.writers).isNotEmpty().doesNotContain(Thread.currentThread());
      assertThat(storage.calls)
          .containsExactly(
              "record u1", "merge u1 {plan=pro}", "merge u1 {seats=3}", "replace u1 {plan=free}");
      assertThat(sdk.pendingWrites()).isZero();
      assertThat(sdk.currentUser().orElseThrow().attributes()).isEqualTo(Map.of("plan", "free"));
    }
  }

  @Test
  void isNewUserIsTheStoragesAnswerInTheBodyAndTheResult() {
    MemoryUserStorage storage = new MemoryUserStorage();
    storage.recordIfAbsent("known");
    try (ATrack sdk = TestClients.against(collector).storage(storage).build()) {
      assertThat(sdk.init(InitRequest.forUser("known")).join().isNewUser()).isFalse();
      assertThat(sdk.init(InitRequest.forUser("fresh")).join().isNewUser()).isTrue();
      assertThat(sdk.init(InitRequest.forUser("fresh")).join().isNewUser()).isFalse();
    }
    assertThat(collector.requests("/init"))
        .extracting(r -> r.body().get("isNewUser"))
        .containsExactly(false, true, false);
    assertThat(collector.requests("/init").get(1).rawBody())
        .startsWith("{\"sdkVersion\":\"" + ATrack.sdkVersion() + "\",\"uuid\":\"fresh\",")
        .contains(",\"isNewUser\":true,\"mode\":\"merge\",");
  }

  @Test
  void pendingWritesAreForgottenWhenACallIsRejectedOrFailedBeforeItsTurn() {
    collector.stall();
    WatchedStorage storage = new WatchedStorage();
    ATrack sdk =
        TestClients.against(collector)
            .storage(storage)
            .maxQueueSize(3)
            .closeTimeout(Duration.ofMillis(50))
            .build();
    try {
      sdk.init(InitRequest.forUser("u1"));
      collector.awaitRequests(1, Duration.ofSeconds(10)); // its storage work is done: it was sent
      sdk.setAttributes(Map.of("a", 1)); // waits behind the stalled init
      sdk.setAttributes(Map.of("b", 2));
      CompletableFuture<Void> rejected = sdk.setAttributes(Map.of("c", 3));
      assertThat(rejected).isCompletedExceptionally();
      assertThat(sdk.pendingWrites()).isEqualTo(2);
      assertThat(sdk.currentUser().orElseThrow().attributes()).isEqualTo(Map.of("a", 1, "b", 2));
    } finally {
      sdk.close(); // fails the two that never got their turn
      collector.resume();
    }
    assertThat(sdk.pendingWrites()).isZero();
    // close() failing the stalled init may let the next one start before it is failed too: the
    // storage got the init's work, and at most that of the calls close() released.
    assertThat(storage.calls).first().isEqualTo("record u1");
  }
}
