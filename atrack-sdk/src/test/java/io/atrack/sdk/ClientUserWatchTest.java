package io.atrack.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.testkit.FakeCollectorExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One WARNING when many threads switch the client-level current user at once; none otherwise. */
@Timeout(60)
// Ignoring the SDK's futures is normal use; what matters is checked at the collector.
@SuppressWarnings("FutureReturnValueIgnored")
class ClientUserWatchTest {
  private static final String WARNING = "switched by several threads at once";

  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  @Test
  void switchesFromOtherThreadsWithinTheWindowWarnOnceAtTheThreshold() throws Exception {
    AtomicLong now = new AtomicLong(1_000);
    ClientUserWatch watch = new ClientUserWatch(now::get);
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      int warnedAt = -1;
      for (int i = 1; i <= ClientUserWatch.THRESHOLD * 2 && warnedAt < 0; i++) {
        now.addAndGet(1_000_000); // 1 ms apart
        boolean warned =
            i % 2 == 0 ? watch.switched() : other.submit(watch::switched).get(5, TimeUnit.SECONDS);
        if (warned) {
          warnedAt = i;
        }
      }
      // The first switch has no predecessor; every later one crosses threads.
      assertThat(warnedAt).isEqualTo(ClientUserWatch.THRESHOLD + 1);
      assertThat(watch.switched()).as("warns once").isFalse();
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void slowOrSameThreadSwitchesNeverWarn() throws Exception {
    AtomicLong now = new AtomicLong();
    ClientUserWatch watch = new ClientUserWatch(now::get);
    for (int i = 0; i < 1_000; i++) {
      now.addAndGet(1_000);
      assertThat(watch.switched()).isFalse(); // one thread, however fast
    }
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      for (int i = 0; i < 100; i++) {
        now.addAndGet(ClientUserWatch.WINDOW_NANOS); // a worker that hands off once a second
        boolean warned =
            i % 2 == 0 ? watch.switched() : other.submit(watch::switched).get(5, TimeUnit.SECONDS);
        assertThat(warned).isFalse();
      }
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void eightThreadsCallingInitWithoutAScopeLogOneWarningNamingTheFix() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try (LogCapture log = LogCapture.of(ATrack.class.getName());
        ATrack sdk = TestClients.against(collector).build()) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        done.add(
            threads.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < 50; i++) {
                    sdk.init(InitRequest.forUser("user-" + thread + "-" + i));
                    sdk.track("misuse");
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
      assertThat(log.warnings()).filteredOn(m -> m.contains(WARNING)).hasSize(1);
      assertThat(log.warnings().stream().filter(m -> m.contains(WARNING)).findFirst().orElseThrow())
          .contains("request scope")
          .contains("uuid");
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aWorkerServingOneUserAtATimeNeverWarns() {
    try (LogCapture log = LogCapture.of(ATrack.class.getName());
        ATrack sdk = TestClients.against(collector).build()) {
      for (int i = 0; i < 400; i++) {
        sdk.init(InitRequest.forUser("job-user-" + i));
        sdk.track("job_done");
      }
      assertThat(log.warnings()).noneMatch(m -> m.contains(WARNING));
    }
  }
}
