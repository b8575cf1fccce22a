package io.atrack.sdk.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.EngineHooks;
import io.atrack.sdk.RetryPolicy;
import io.atrack.testkit.FakeCollectorExtension;
import io.atrack.testkit.RecordedRequest;
import io.atrack.testkit.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One user's retried state change holds back that user's later calls, and nobody else's. */
@Timeout(30)
class PerUserOrderTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  @Test
  void holdsAUsersEventsBehindItsRetriedInitWithoutHoldingUpOtherUsers() throws Exception {
    AtomicInteger initsOfA = new AtomicInteger();
    collector.respondWith(
        r ->
            r.path().equals("/init")
                    && "user-a".equals(r.body().get("uuid"))
                    && initsOfA.getAndIncrement() < 2
                // Retry-After (capped below) makes each of A's retries wait exactly 300 ms.
                ? Response.status(503).retryAfter("1")
                : Response.ok());
    RetryPolicy slowForA =
        DeliveryClients.fastRetry().maxRetryAfter(Duration.ofMillis(300)).build();
    ManualTime time = new ManualTime();
    try (ATrack sdk =
        EngineHooks.withTime(DeliveryClients.against(collector).retryPolicy(slowForA), time)
            .build()) {
      SequencedCalls calls = new SequencedCalls(sdk);
      calls.init("user-a");
      calls.track("user-a");
      calls.track("user-a");
      calls.track("user-a");
      calls.init("user-b");
      calls.track("user-b");
      calls.track("user-b");
      calls.track("user-b");

      // A's init waits for its first retry on the engine's clock; B's calls all go meanwhile.
      time.awaitScheduled(1);
      collector.awaitRequests("/event", 3, WAIT);
      assertThat(collector.requests("/event")).allMatch(r -> "user-b".equals(r.body().get("uuid")));
      time.runNext();
      time.awaitScheduled(2);
      time.runNext();
      assertThat(sdk.flush()).succeedsWithin(WAIT);
      assertThat(time.scheduled())
          .extracting(ManualTime.Scheduled::delay)
          .containsExactly(Duration.ofMillis(300), Duration.ofMillis(300));
      for (SequencedCalls.Call c : calls.calls()) {
        assertThat(c.future()).as("%s %s seq %d", c.kind(), c.uuid(), c.seq()).succeedsWithin(WAIT);
      }
      List<RecordedRequest> log = collector.requests();
      List<Integer> initsA = indexes(log, "/init", "user-a");
      assertThat(initsA).hasSize(3);
      int deliveredInitA = initsA.get(2);
      assertThat(indexes(log, "/event", "user-a")).hasSize(3).allMatch(i -> i > deliveredInitA);
      // B's calls all arrived while A's init was still being retried.
      assertThat(indexes(log, "/init", "user-b")).hasSize(1).allMatch(i -> i < deliveredInitA);
      assertThat(indexes(log, "/event", "user-b")).hasSize(3).allMatch(i -> i < deliveredInitA);
      assertThat(calls.check(log, 10)).isEmpty();
    }
  }

  private static List<Integer> indexes(List<RecordedRequest> log, String path, String uuid) {
    List<Integer> found = new ArrayList<>();
    for (int i = 0; i < log.size(); i++) {
      RecordedRequest r = log.get(i);
      if (r.path().equals(path) && uuid.equals(r.body().get("uuid"))) {
        found.add(i);
      }
    }
    return found;
  }
}
