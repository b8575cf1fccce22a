package io.atrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many keep-alive connections at once, on raw sockets: the JDK's HttpClient needs about 2 ms per
 * request here whatever the server, and would measure itself rather than the collector.
 */
@Timeout(60)
class StressTest {
  static final int CONNECTIONS = 32;
  static final int PER_CONNECTION = 400;
  static final int TOTAL = CONNECTIONS * PER_CONNECTION;

  final FakeCollector collector = FakeCollector.start();
  final ExecutorService senders = Executors.newFixedThreadPool(CONNECTIONS);

  @AfterEach
  void close() {
    senders.shutdownNow();
    collector.close();
  }

  @Test
  void recordsEveryConcurrentRequestExactlyOnceAndWakesTheWaiter() {
    AtomicInteger unavailable = new AtomicInteger();
    collector.respondWith(
        r -> {
          if (ThreadLocalRandom.current().nextInt(10) > 0) {
            return null;
          }
          unavailable.incrementAndGet();
          return Response.status(503);
        });
    CompletableFuture<List<RecordedRequest>> waiter =
        CompletableFuture.supplyAsync(
            () -> collector.awaitRequests("/event", TOTAL, Duration.ofSeconds(50)));
    List<CompletableFuture<Integer>> sent = new ArrayList<>();
    for (int c = 0; c < CONNECTIONS; c++) {
      int connection = c;
      sent.add(CompletableFuture.supplyAsync(() -> send(connection), senders));
    }

    int failed = sent.stream().mapToInt(CompletableFuture::join).sum();
    List<RecordedRequest> events = waiter.join();

    Set<Object> ids = new HashSet<>();
    events.forEach(r -> ids.add(r.body().get("eventId")));
    assertThat(events).hasSize(TOTAL);
    assertThat(ids).hasSize(TOTAL);
    assertThat(failed).isEqualTo(unavailable.get());
    assertThat(collector.connectionsOpened()).isEqualTo(CONNECTIONS);
  }

  /** Sends this connection's share; returns how many were answered 503. */
  private int send(int connection) {
    int unavailable = 0;
    try (RawConnection raw = new RawConnection(collector)) {
      for (int i = 0; i < PER_CONNECTION; i++) {
        String body = "{\"eventId\":\"" + connection + "-" + i + "\"}";
        if (raw.post("/event", body, "keep-alive").readResponse().contains(" 503 ")) {
          unavailable++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return unavailable;
  }
}
