package io.atrack.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.AttributesRequest;
import io.atrack.sdk.InitRequest;
import io.atrack.sdk.InitResult;
import io.atrack.testkit.FakeCollectorExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis stopped in the middle of a run and started again: no exception reaches a caller, every call
 * is delivered, the failures are counted, and the storage works again by itself.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RedisOutageTest {
  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  @Test
  void anOutageCostsFallbacksNeverCalls() throws Exception {
    try (RedisProcess redis = RedisProcess.standalone();
        RedisUserStorage storage =
            RedisUserStorage.builder().uri(redis.uri()).timeout(Duration.ofMillis(300)).build();
        ATrack sdk =
            ATrack.builder()
                .publicKey("pub_test_0123456789abcdef")
                .baseUrl(collector.baseUrl())
                .storage(storage)
                .shutdownHook(false)
                .build()) {
      List<CompletableFuture<?>> calls = new ArrayList<>();
      List<CompletableFuture<InitResult>> before = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        before.add(sdk.init(InitRequest.forUser("before-" + i)));
        calls.add(setPlan(sdk, "before-" + i));
      }
      calls.addAll(before);
      CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
      assertThat(before).allSatisfy(f -> assertThat(f.join().isNewUser()).isTrue());
      assertThat(sdk.stats().storageFailures()).isZero();

      redis.stop();
      List<CompletableFuture<InitResult>> during = new ArrayList<>();
      assertThatCode(
              () -> {
                for (int i = 0; i < 50; i++) {
                  during.add(sdk.init(InitRequest.forUser("during-" + i)));
                  calls.add(setPlan(sdk, "during-" + i));
                  calls.add(sdk.track("while_redis_is_down"));
                }
              })
          .doesNotThrowAnyException();
      calls.addAll(during);
      CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
      assertThat(during)
          .as("isNewUser falls back to false")
          .allSatisfy(f -> assertThat(f.join().isNewUser()).isFalse());
      long failures = sdk.stats().storageFailures();
      assertThat(failures).isGreaterThanOrEqualTo(100); // each init and each set
      assertThat(sdk.currentUser().orElseThrow().attributes())
          .as("what the storage cannot give, currentUser() leaves out")
          .isEmpty();

      redis.start(); // same port, empty: the recorder of "during-" users never reached it
      AtomicInteger probe = new AtomicInteger();
      await("the storage works again")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                String uuid = "after-" + probe.incrementAndGet();
                return sdk.init(InitRequest.forUser(uuid)).join().isNewUser();
              });
      long failuresWhenBack = sdk.stats().storageFailures();
      assertThat(sdk.init(InitRequest.forUser("during-0")).join().isNewUser())
          .as("a user first seen during the outage is new once the storage is back")
          .isTrue();
      setPlan(sdk, "during-0").join();
      assertThat(storage.get("during-0").orElseThrow().attributes()).containsEntry("plan", "pro");
      assertThat(sdk.stats().storageFailures()).isEqualTo(failuresWhenBack);

      sdk.flush().join();
      assertThat(sdk.stats().failed()).isZero();
      assertThat(collector.requests("/init")).hasSize(50 + 50 + probe.get() + 1);
      assertThat(collector.requests("/attributes")).hasSize(50 + 50 + 1);
      assertThat(collector.requests("/event")).hasSize(50);
    }
  }

  private static CompletableFuture<Void> setPlan(ATrack sdk, String uuid) {
    return sdk.setAttributes(
        AttributesRequest.builder().uuid(uuid).attributes(Map.of("plan", "pro")).build());
  }
}
