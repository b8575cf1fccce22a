package io.atrack.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.testkit.FakeCollectorExtension;
import io.atrack.testkit.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 8 threads × 10,000 calls across 100 users with state changes among the events: every request
 * arrives exactly once and the per-user order of SPEC section 4 holds.
 */
class PerUserOrderConcurrencyTest {
  private static final int THREADS = 8;
  private static final int CALLS_PER_THREAD = 10_000;
  private static final int USERS = 100;

  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  @Test
  @Timeout(120)
  void everyRequestArrivesOnceAndPerUserOrderHolds() throws Exception {
    // Each user belongs to one thread, so "called before" is that thread's program order; the
    // sequence number in the attributes records it.
    ConcurrentLinkedQueue<CompletableFuture<?>> futures = new ConcurrentLinkedQueue<>();
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    try (ATrack sdk =
        TestClients.against(collector).maxQueueSize(100_000).maxQueueBytes(128L << 20).build()) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        done.add(
            threads.submit(
                () -> {
                  int[] seq = new int[USERS];
                  for (int i = 0; i < CALLS_PER_THREAD; i++) {
                    int user = thread + THREADS * (i % (USERS / THREADS));
                    String uuid = "user-" + user;
                    int n = seq[user]++;
                    if (i % 20 == 0) {
                      futures.add(
                          sdk.init(
                              InitRequest.builder()
                                  .uuid(uuid)
                                  .userAttributes(Map.of("seq", n))
                                  .build()));
                    } else if (i % 20 == 10) {
                      futures.add(
                          sdk.setAttributes(
                              AttributesRequest.builder()
                                  .uuid(uuid)
                                  .attributes(Map.of("seq", n))
                                  .build()));
                    } else {
                      futures.add(
                          sdk.track(
                              TrackRequest.builder("e")
                                  .uuid(uuid)
                                  .attributes(Map.of("seq", n))
                                  .build()));
                    }
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      sdk.flush().get();
      assertThat(sdk.stats().delivered())
          .as("%s", sdk.stats())
          .isEqualTo((long) THREADS * CALLS_PER_THREAD);
    } finally {
      threads.shutdownNow();
    }
    assertThat(futures).allSatisfy(f -> assertThat(f).isCompleted());

    List<RecordedRequest> all =
        collector.awaitRequests(THREADS * CALLS_PER_THREAD, Duration.ofSeconds(30));
    assertThat(all).hasSize(THREADS * CALLS_PER_THREAD);
    Map<String, List<RecordedRequest>> byUser = new HashMap<>();
    for (RecordedRequest r : all) {
      byUser.computeIfAbsent((String) r.body().get("uuid"), k -> new ArrayList<>()).add(r);
    }
    assertThat(byUser).hasSize(USERS - USERS % THREADS);
    byUser.values().forEach(PerUserOrderConcurrencyTest::assertOrder);
  }

  /**
   * In arrival order: a state change arrives after every request called before it, and an event
   * after every state change called before it. Each request's seq appears exactly once.
   */
  static void assertOrder(List<RecordedRequest> arrived) {
    Set<Integer> seen = new HashSet<>();
    int lastStateChange = -1;
    int maxSeen = -1;
    for (RecordedRequest r : arrived) {
      int seq = ((Number) attributesOf(r).get("seq")).intValue();
      assertThat(seen.add(seq)).as("duplicate seq %s", seq).isTrue();
      if (r.path().equals("/event")) {
        assertThat(seq)
            .as("event after the state change called before it")
            .isGreaterThan(lastStateChange);
      } else {
        assertThat(seq).as("state change after everything called before it").isGreaterThan(maxSeen);
        assertThat(seen).hasSize(seq + 1);
        lastStateChange = seq;
      }
      maxSeen = Math.max(maxSeen, seq);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> attributesOf(RecordedRequest r) {
    return (Map<String, Object>) r.body().get("attributes");
  }
}
