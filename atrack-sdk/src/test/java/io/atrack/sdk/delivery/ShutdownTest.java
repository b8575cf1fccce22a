package io.atrack.sdk.delivery;

import static io.atrack.sdk.delivery.DeliveryClients.failureNow;
import static io.atrack.sdk.delivery.DeliveryClients.sdkThreads;
import static io.atrack.sdk.delivery.DeliveryClients.sdkThreadsStartedSince;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.ATrackRejectedException;
import io.atrack.sdk.AttributesRequest;
import io.atrack.sdk.ChildJvm;
import io.atrack.sdk.EngineHooks;
import io.atrack.sdk.InitRequest;
import io.atrack.sdk.Stats;
import io.atrack.sdk.TrackRequest;
import io.atrack.sdk.transport.Transport;
import io.atrack.sdk.transport.TransportRequest;
import io.atrack.sdk.transport.TransportResponse;
import io.atrack.testkit.FakeCollectorExtension;
import io.atrack.testkit.RecordedRequest;
import io.atrack.testkit.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** flush(), close() and JVM exit: everything accepted goes out first, and no thread stays. */
@Timeout(60)
class ShutdownTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  @Test
  void closeLeavesNoSdkThreadAlive() {
    Set<Thread> before = sdkThreads();
    collector.respond(503); // one retry, so the retry thread runs too
    collector.defaultResponse(Response.ok().delay(Duration.ofMillis(5)));
    ATrack sdk = DeliveryClients.against(collector).build();
    for (int i = 0; i < 200; i++) {
      var unused = sdk.track(TrackRequest.builder("signup").uuid("user-" + i % 50).build());
    }
    assertThat(sdk.flush()).succeedsWithin(WAIT);
    List<String> running = sdkThreadsStartedSince(before);
    assertThat(running).anyMatch(name -> name.matches("atrack-delivery-\\d+-\\d+"));
    // The retry timer's thread ends after 1 s idle: on a loaded machine it can be gone by now, so
    // the retry itself is what is checked; that no thread outlives close() is checked below.
    assertThat(sdk.stats().retried()).isPositive();

    sdk.close();

    long start = System.nanoTime();
    await()
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5))
        // A hang guard, not a speed check: a leaked thread never ends, a busy machine only delays.
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(sdkThreadsStartedSince(before)).isEmpty());
    System.out.println(
        "close(): "
            + running.size()
            + " SDK threads had run; none alive "
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
            + " ms after close() returned");
  }

  @Test
  void aJvmExitingWithAnOpenClientFlushesThroughTheShutdownHook(@TempDir Path dir)
      throws Exception {
    int events = 200;
    // Slow answers: most events are still queued when the child's main() returns.
    collector.defaultResponse(Response.ok().delay(Duration.ofMillis(50)));
    String printed =
        runChild(
            dir, UnclosedClientMain.class, collector.baseUrl().toString(), String.valueOf(events));
    List<RecordedRequest> received = collector.requests("/event");
    assertThat(received.stream().map(DeliveryClients::eventId).distinct().count())
        .isEqualTo(events);
    long deliveredWhenMainReturned =
        Long.parseLong(printed.replaceAll("(?s).*delivered-when-main-returned=(\\d+).*", "$1"));
    assertThat(deliveredWhenMainReturned).as("delivered before the hook ran").isLessThan(events);
  }

  @Test
  void callsFromAnotherShutdownHookWhileTheJvmExitsAreDelivered(@TempDir Path dir)
      throws Exception {
    collector.defaultResponse(Response.ok().delay(Duration.ofMillis(20)));
    String printed =
        runChild(
            dir,
            ShutdownHookCallerMain.class,
            collector.baseUrl().toString(),
            "100",
            "100",
            "20000");

    assertThat(printed).contains("late-delivered=100 late-failed=0");
    List<RecordedRequest> received = collector.requests("/event");
    assertThat(received.stream().map(DeliveryClients::eventId).distinct().count()).isEqualTo(200);
    assertThat(received)
        .filteredOn(r -> "during_shutdown".equals(r.body().get("event")))
        .hasSize(100);
    assertThat(printed).doesNotContain("WARNING");
  }

  @Test
  void whatTheShutdownCouldNotDeliverIsLoggedAtWarningWithACount(@TempDir Path dir)
      throws Exception {
    collector.stall();
    String printed =
        runChild(dir, UnclosedClientMain.class, collector.baseUrl().toString(), "20", "500");

    assertThat(printed)
        .contains("WARNING")
        .contains("with 20 request(s) not delivered")
        .contains("closeTimeout (500 ms)");
    assertThat(printed).doesNotContain(DeliveryClients.KEY);
  }

  /** Runs {@code main} in a child JVM that must exit normally; returns what it printed. */
  private static String runChild(Path dir, Class<?> main, String... args) throws Exception {
    ChildJvm.Result child = ChildJvm.run(dir, main, args);
    assertThat(child.exited()).as("the child JVM exited; its output:%n%s", child.output()).isTrue();
    assertThat(child.exitValue()).as("exit code; output:%n%s", child.output()).isZero();
    return child.output();
  }

  @Test
  void flushThenCloseAtOncePutsEveryEventOnTheWireBeforeCloseReturns() {
    int events = 300;
    collector.defaultResponse(Response.ok().delay(Duration.ofMillis(5)));
    ATrack sdk = DeliveryClients.against(collector).build();
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      futures.add(sdk.track(TrackRequest.builder("signup").uuid("user-" + i % 30).build()));
    }

    var unused = sdk.flush();
    sdk.close();

    List<RecordedRequest> received = collector.requests("/event");
    assertThat(received.stream().map(DeliveryClients::eventId).distinct().count())
        .isEqualTo(events);
    for (CompletableFuture<Void> f : futures) {
      assertThat(f).isCompleted();
      assertThat(f.isCompletedExceptionally()).isFalse();
    }
    assertThat(sdk.stats().delivered()).isEqualTo(events);
  }

  @Test
  void callsAfterCloseFailFastWithoutSendingAnything() {
    ATrack sdk = DeliveryClients.against(collector).build();
    assertThat(sdk.track(TrackRequest.builder("signup").uuid("u1").build())).succeedsWithin(WAIT);
    sdk.close();
    int received = collector.requestCount();
    Stats before = sdk.stats();

    List<CompletableFuture<?>> late =
        List.of(
            sdk.track(TrackRequest.builder("signup").uuid("u1").build()),
            sdk.init(InitRequest.forUser("u2")),
            sdk.setAttributes(
                AttributesRequest.builder().uuid("u1").attributes(Map.of("a", 1)).build()));

    for (CompletableFuture<?> f : late) {
      Throwable failure = failureNow(f);
      assertThat(failure).as("failed at once").isInstanceOf(ATrackRejectedException.class);
      assertThat(((ATrackRejectedException) failure).reason())
          .isEqualTo(ATrackRejectedException.Reason.CLOSED);
      assertThat(((ATrackRejectedException) failure).attempts()).isZero();
    }
    assertThat(sdk.flush()).succeedsWithin(WAIT);
    assertThat(collector.requestCount()).isEqualTo(received);
    Stats after = sdk.stats();
    assertThat(after.enqueued()).isEqualTo(before.enqueued());
    assertThat(after.rejected()).isEqualTo(before.rejected() + 3);
  }

  @Test
  void closeFromARequestsCallbackFlushesWithoutWaitingForItself() throws Exception {
    Set<Thread> before = sdkThreads();
    // On a manual clock that never moves: a close() waiting for its own request would never end.
    ATrack sdk =
        EngineHooks.withTime(
                DeliveryClients.against(collector).closeTimeout(Duration.ofSeconds(10)),
                new ManualTime())
            .build();
    List<CompletableFuture<Void>> others = new ArrayList<>();
    CompletableFuture<Void> closed = new CompletableFuture<>();
    var unused =
        sdk.track(TrackRequest.builder("last_step").uuid("u0").build())
            .whenComplete(
                (v, e) -> {
                  sdk.close();
                  closed.complete(null);
                });
    for (int i = 1; i <= 20; i++) {
      others.add(sdk.track(TrackRequest.builder("signup").uuid("user-" + i).build()));
    }

    closed.get(30, TimeUnit.SECONDS);
    // Each other call was either accepted before close() and flushed, or made after it.
    for (CompletableFuture<Void> f : others) {
      assertThat(f).isDone();
      Throwable failure = failureNow(f);
      if (failure != null) {
        assertThat(failure).isInstanceOf(ATrackRejectedException.class);
        assertThat(((ATrackRejectedException) failure).reason())
            .isEqualTo(ATrackRejectedException.Reason.CLOSED);
      }
    }
    await()
        // A hang guard, not a speed check: a leaked thread never ends, a busy machine only delays.
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(sdkThreadsStartedSince(before)).isEmpty());
  }

  @Test
  void closeFromAFlushCallbackReturnsWithoutJoiningItsOwnThread() throws Exception {
    Set<Thread> before = sdkThreads();
    ATrack sdk =
        EngineHooks.withTime(
                DeliveryClients.against(collector).closeTimeout(Duration.ofSeconds(10)),
                new ManualTime())
            .build();
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      futures.add(sdk.track(TrackRequest.builder("signup").uuid("user-" + i).build()));
    }
    CompletableFuture<Void> closed = new CompletableFuture<>();
    var unused =
        sdk.flush()
            .whenComplete(
                (v, e) -> {
                  sdk.close();
                  closed.complete(null);
                });

    closed.get(30, TimeUnit.SECONDS); // the clock never moves: waiting for itself would hang
    for (CompletableFuture<Void> f : futures) {
      assertThat(f).succeedsWithin(Duration.ZERO);
    }
    await()
        // A hang guard, not a speed check: a leaked thread never ends, a busy machine only delays.
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(sdkThreadsStartedSince(before)).isEmpty());
  }

  @Test
  void closeCalledAgainFromACallbackOfARequestItFailsDoesNotHang() throws Exception {
    collector.stall();
    ManualTime time = new ManualTime();
    ATrack sdk =
        EngineHooks.withTime(
                DeliveryClients.against(collector).closeTimeout(Duration.ofMillis(300)), time)
            .build();
    CompletableFuture<Void> reentered = new CompletableFuture<>();
    var unused =
        sdk.track(TrackRequest.builder("signup").uuid("u1").build())
            .whenComplete(
                (v, e) -> {
                  sdk.close(); // runs on the thread that is closing, which fails this request
                  reentered.complete(null);
                });
    collector.awaitRequests("/event", 1, WAIT);

    CompletableFuture<Void> closing = CompletableFuture.runAsync(sdk::close, ShutdownTest::daemon);
    time.awaitWaiter();
    time.advance(Duration.ofMillis(300)); // the timeout passes: close() fails the request

    closing.get(10, TimeUnit.SECONDS);
    assertThat(reentered).isDone();
  }

  @Test
  void aTransportThatThrowsOnCloseStillLetsCloseStopEverythingOnce() throws Exception {
    Set<Thread> before = sdkThreads();
    AtomicInteger closes = new AtomicInteger();
    Transport throwingOnClose =
        new Transport() {
          @Override
          public TransportResponse send(TransportRequest request) {
            return TransportResponse.of(200, null, "{\"ok\":true}");
          }

          @Override
          public void close() {
            closes.incrementAndGet();
            throw new IllegalStateException("a custom transport's bug");
          }
        };
    ATrack sdk = DeliveryClients.against(collector).transport(throwingOnClose).build();
    assertThat(sdk.track(TrackRequest.builder("signup").uuid("u1").build())).succeedsWithin(WAIT);

    sdk.close();
    CompletableFuture<Void> secondClose =
        CompletableFuture.runAsync(sdk::close, ShutdownTest::daemon);

    secondClose.get(5, TimeUnit.SECONDS);
    assertThat(closes).as("the second close() did nothing").hasValue(1);
    await()
        // A hang guard, not a speed check: a leaked thread never ends, a busy machine only delays.
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(sdkThreadsStartedSince(before)).isEmpty());
  }

  /** Runs {@code task} on a daemon thread: one left hanging by a bug cannot keep the JVM alive. */
  static void daemon(Runnable task) {
    Thread t = new Thread(task, "test-closer");
    t.setDaemon(true);
    t.start();
  }

  @Test
  void aSecondCloseReturnsAtOnce() throws Exception {
    collector.stall();
    ManualTime time = new ManualTime();
    ATrack sdk =
        EngineHooks.withTime(
                DeliveryClients.against(collector).closeTimeout(Duration.ofMillis(500)), time)
            .build();
    CompletableFuture<Void> stuck = sdk.track(TrackRequest.builder("signup").uuid("u1").build());
    collector.awaitRequests("/event", 1, WAIT);

    CompletableFuture<Void> first = CompletableFuture.runAsync(sdk::close, ShutdownTest::daemon);
    time.awaitWaiter();
    time.advance(Duration.ofMillis(500).minusNanos(1));
    assertThat(first).as("close() before its timeout has passed").isNotDone();
    time.advance(Duration.ofNanos(1));
    first.get(10, TimeUnit.SECONDS);

    // The clock stays put: a second close() that waited for anything but the first would hang.
    CompletableFuture.runAsync(sdk::close, ShutdownTest::daemon).get(10, TimeUnit.SECONDS);
    assertThat(failureNow(stuck)).isInstanceOf(ATrackRejectedException.class);
    assertThat(collector.requestCount()).isEqualTo(1);
  }
}
