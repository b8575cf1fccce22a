package io.atrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class FaultsTest {
  static final Duration WAIT = Duration.ofSeconds(5);

  final FakeCollector collector = FakeCollector.start();

  @AfterEach
  void close() {
    collector.close();
  }

  @Test
  void dropConnectionRecordsTheRequestAndGivesTheClientAnIoException() {
    collector.respond(Response.dropConnection());

    assertThatThrownBy(() -> Clients.post(collector, "/event"))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(IOException.class);

    assertThat(collector.requests("/event")).hasSize(1);
    assertThat(Clients.post(collector, "/event").statusCode()).isEqualTo(200);
  }

  @Test
  void dropConnectionClosesTheSocketWithoutAnyAnswerBytes() throws IOException {
    collector.respond(Response.dropConnection());

    try (RawConnection connection = new RawConnection(collector)) {
      assertThat(connection.post("/event").read()).isEqualTo(-1);
    }
  }

  @Test
  void delayedDropClosesTheConnectionLater() {
    collector.respond(Response.dropConnection().delay(Duration.ofMillis(100)));

    assertThatThrownBy(() -> Clients.post(collector, "/event"))
        .isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void noAnswerHoldsTheRequestUntilCloseWhichDoesNotHang() {
    collector.respond(Response.noAnswer());
    CompletableFuture<HttpResponse<String>> pending = Clients.postAsync(collector, "/event");
    collector.awaitRequests("/event", 1, WAIT);
    assertThat(pending).isNotDone();

    collector.close();
    collector.close(); // idempotent

    assertThatThrownBy(pending::join)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(IOException.class);
    assertThat(collector.isRunning()).isFalse();
    assertThat(collector.requests()).hasSize(1);
  }

  @Test
  void stallHoldsRequestsUntilResumeThenAnswersWithTheirScriptedResponses() {
    collector.respond(503);
    collector.stall();
    CompletableFuture<HttpResponse<String>> first = Clients.postAsync(collector, "/event");
    collector.awaitRequests(1, WAIT);
    CompletableFuture<HttpResponse<String>> second = Clients.postAsync(collector, "/event");
    collector.awaitRequests(2, WAIT);
    assertThat(first).isNotDone();
    assertThat(second).isNotDone();

    collector.resume();

    assertThat(first.join().statusCode()).isEqualTo(503);
    assertThat(second.join().statusCode()).isEqualTo(200);
    assertThat(Clients.post(collector, "/event").statusCode()).isEqualTo(200);
  }

  @Test
  void stopDropsStalledAndDelayedRequests() {
    collector.respond(Response.ok().delay(Duration.ofMinutes(1)));
    CompletableFuture<HttpResponse<String>> delayed = Clients.postAsync(collector, "/event");
    collector.awaitRequests(1, WAIT);
    collector.stall();
    CompletableFuture<HttpResponse<String>> held = Clients.postAsync(collector, "/event");
    collector.awaitRequests(2, WAIT);

    collector.stop();

    assertThatThrownBy(delayed::join).hasCauseInstanceOf(IOException.class);
    assertThatThrownBy(held::join).hasCauseInstanceOf(IOException.class);
  }

  @Test
  void stopRefusesConnectionsAndRestartListensAgainOnTheSamePort() throws IOException {
    int port = collector.port();
    Clients.post(collector, "/init");

    collector.stop();
    collector.stop(); // no-op

    assertThat(collector.isRunning()).isFalse();
    assertThatThrownBy(
            () -> new Socket(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port).close())
        .isInstanceOf(ConnectException.class);

    collector.restart();

    assertThat(collector.port()).isEqualTo(port);
    assertThat(collector.isRunning()).isTrue();
    try (RawConnection connection = new RawConnection(collector)) {
      assertThat(connection.post("/event").readResponse()).isEqualTo("HTTP/1.1 200 OK");
    }
    assertThat(collector.requests())
        .extracting(RecordedRequest::path)
        .containsExactly("/init", "/event");
  }

  @Test
  void restartsReliablyWhileClientConnectionsAreOpen() throws IOException {
    for (int round = 0; round < 20; round++) {
      try (RawConnection idle = new RawConnection(collector);
          RawConnection busy = new RawConnection(collector)) {
        assertThat(idle.post("/init").readResponse()).isEqualTo("HTTP/1.1 200 OK");
        collector.stall();
        busy.post("/event");
        collector.awaitRequests("/event", round + 1, WAIT);

        collector.restart();
        collector.resume();

        assertThat(idle.read()).isEqualTo(-1); // closed by the stop
        assertThat(busy.read()).isEqualTo(-1); // dropped, never answered
      }
    }
    try (RawConnection connection = new RawConnection(collector)) {
      assertThat(connection.post("/event").readResponse()).isEqualTo("HTTP/1.1 200 OK");
    }
  }

  @Test
  void restartIsRefusedAfterClose() {
    collector.close();

    assertThatThrownBy(collector::restart)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
  }

  @Test
  void awaitRequestsFailsWithWhatArrived() {
    Clients.post(collector, "/init");

    assertThatThrownBy(() -> collector.awaitRequests("/event", 2, Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expected at least 2 request(s) to /event within 50 ms, but 0 arrived"
                + " (1 on all paths)");
    assertThatThrownBy(() -> collector.awaitRequests(2, Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expected at least 2 request(s) within 50 ms, but 1 arrived\n" + "  POST /init {");
  }

  @Test
  void awaitRequestsWakesAsSoonAsTheRequestsArrive() {
    CompletableFuture<List<RecordedRequest>> waiting =
        CompletableFuture.supplyAsync(
            () -> collector.awaitRequests("/event", 3, Duration.ofMinutes(1)));

    for (int i = 0; i < 3; i++) {
      Clients.post(collector, "/event");
    }

    assertThat(waiting.join()).hasSize(3);
    assertThat(collector.awaitRequests(0, Duration.ZERO)).hasSize(3);
  }
}
