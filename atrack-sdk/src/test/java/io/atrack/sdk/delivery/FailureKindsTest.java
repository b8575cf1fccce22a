package io.atrack.sdk.delivery;

import static io.atrack.sdk.delivery.DeliveryClients.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.ATrackException;
import io.atrack.sdk.ATrackExpiredException;
import io.atrack.sdk.ATrackHttpException;
import io.atrack.sdk.ATrackNetworkException;
import io.atrack.sdk.ATrackRejectedException;
import io.atrack.sdk.ATrackTransportException;
import io.atrack.sdk.FlushResult;
import io.atrack.sdk.InitRequest;
import io.atrack.sdk.RequestKind;
import io.atrack.sdk.Stats;
import io.atrack.sdk.TrackRequest;
import io.atrack.sdk.transport.Transport;
import io.atrack.sdk.transport.TransportRequest;
import io.atrack.sdk.transport.TransportResponse;
import io.atrack.testkit.FakeCollectorExtension;
import io.atrack.testkit.Response;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each way a request can end has its own exception type, flush() says how many of what it waited
 * for were delivered and failed, and stats() counts per kind.
 */
class FailureKindsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  @Test
  void aStatusThatIsNotRetriedFailsWithTheHttpType() {
    collector.respond(400);
    try (ATrack sdk = DeliveryClients.against(collector).build()) {
      Throwable e = failureOf(sdk.track(TrackRequest.builder("e").uuid("u1").build()));
      assertThat(e).isInstanceOf(ATrackHttpException.class);
      assertThat(((ATrackHttpException) e).statusCode()).isEqualTo(400);
    }
  }

  @Test
  void noAnswerOnTheLastAttemptFailsWithTheNetworkTypeAndTheIoExceptionAsCause()
      throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    try (ATrack sdk =
        ATrack.builder()
            .publicKey(DeliveryClients.KEY)
            .baseUrl("http://127.0.0.1:" + closedPort)
            .shutdownHook(false)
            .retryPolicy(DeliveryClients.fastRetry().maxAttempts(2).build())
            .build()) {
      Throwable e = failureOf(sdk.track(TrackRequest.builder("e").uuid("u1").build()));
      assertThat(e)
          .isInstanceOf(ATrackNetworkException.class)
          .hasCauseInstanceOf(IOException.class);
      assertThat(((ATrackNetworkException) e).isTimeout()).isFalse();
      assertThat(((ATrackException) e).attempts()).isEqualTo(2);
    }
  }

  @Test
  void aTimeoutIsANetworkFailureThatSaysSo() {
    collector.respond(Response.noAnswer());
    try (ATrack sdk =
        DeliveryClients.against(collector)
            .requestTimeout(Duration.ofMillis(200))
            .retryPolicy(DeliveryClients.fastRetry().maxAttempts(1).build())
            .build()) {
      Throwable e = failureOf(sdk.track(TrackRequest.builder("e").uuid("u1").build()));
      assertThat(e).isInstanceOf(ATrackNetworkException.class);
      assertThat(((ATrackNetworkException) e).isTimeout()).isTrue();
    }
  }

  @Test
  void aRetryThatWouldBePastMaxAgeFailsWithTheExpiredType() {
    collector.defaultResponse(Response.status(503).retryAfter("5"));
    try (ATrack sdk =
        DeliveryClients.against(collector)
            .retryPolicy(DeliveryClients.fastRetry().maxAge(Duration.ofSeconds(1)).build())
            .build()) {
      Throwable e = failureOf(sdk.track(TrackRequest.builder("e").uuid("u1").build()));
      assertThat(e)
          .isInstanceOf(ATrackExpiredException.class)
          .hasMessageContaining("maxAge")
          .hasMessageContaining("HTTP 503");
      assertThat(((ATrackExpiredException) e).lastStatusCode()).isEqualTo(503);
      assertThat(((ATrackException) e).attempts()).isEqualTo(1);
    }
  }

  @Test
  void aTransportThatThrowsSomethingElseFailsWithTheTransportTypeAtOnce() {
    int[] calls = {0};
    Transport buggy =
        new Transport() {
          @Override
          public TransportResponse send(TransportRequest request) {
            calls[0]++;
            throw new UnsupportedOperationException("not implemented yet");
          }

          @Override
          public void close() {}
        };
    try (ATrack sdk = DeliveryClients.against(collector).transport(buggy).build()) {
      Throwable e = failureOf(sdk.track(TrackRequest.builder("e").uuid("u1").build()));
      assertThat(e)
          .isInstanceOf(ATrackTransportException.class)
          .hasCauseInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("not implemented yet");
      assertThat(calls[0]).isEqualTo(1);
    }
  }

  @Test
  void aCallAfterCloseFailsWithTheRejectedType() {
    ATrack sdk = DeliveryClients.against(collector).build();
    sdk.close();
    Throwable e = failureOf(sdk.track(TrackRequest.builder("e").uuid("u1").build()));
    assertThat(e).isInstanceOf(ATrackRejectedException.class);
    assertThat(((ATrackRejectedException) e).reason())
        .isEqualTo(ATrackRejectedException.Reason.CLOSED);
  }

  @Test
  void flushCountsWhatItWaitedForDeliveredAndFailed() {
    collector.respondWith(
        r -> "bad".equals(r.body().get("event")) ? Response.status(400) : Response.ok());
    try (ATrack sdk = DeliveryClients.against(collector).build()) {
      List<CompletableFuture<Void>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        calls.add(
            sdk.track(TrackRequest.builder(i % 4 == 0 ? "bad" : "good").uuid("u" + i).build()));
      }
      FlushResult first = sdk.flush().join();
      assertThat(first.delivered()).isEqualTo(15);
      assertThat(first.failed()).isEqualTo(5);
      assertThat(first.allDelivered()).isFalse();
      assertThat(calls).allMatch(CompletableFuture::isDone);

      // Nothing unfinished: the next flush waited for nothing.
      FlushResult second = sdk.flush().join();
      assertThat(second.delivered()).isZero();
      assertThat(second.failed()).isZero();

      var unused = sdk.track(TrackRequest.builder("good").uuid("u1").build());
      assertThat(sdk.flush()).succeedsWithin(WAIT).matches(r -> r.delivered() == 1, "one");
    }
  }

  @Test
  void statsCountPerKindAndAddUpToTheTotals() {
    collector.respondWith(
        r -> "bad".equals(r.body().get("event")) ? Response.status(400) : Response.ok());
    try (ATrack sdk = DeliveryClients.against(collector).build()) {
      sdk.init(InitRequest.forUser("u1")).join();
      sdk.setAttributes(Map.of("plan", "pro")).join();
      sdk.track("good").join();
      sdk.track("good").join();
      failureOf(sdk.track("bad"));
      Stats s = sdk.stats();
      assertThat(s.enqueued(RequestKind.INIT)).isEqualTo(1);
      assertThat(s.enqueued(RequestKind.ATTRIBUTES)).isEqualTo(1);
      assertThat(s.enqueued(RequestKind.EVENT)).isEqualTo(3);
      assertThat(s.delivered(RequestKind.EVENT)).isEqualTo(2);
      assertThat(s.delivered(RequestKind.INIT)).isEqualTo(1);
      assertThat(s.failed(RequestKind.EVENT)).isEqualTo(1);
      assertThat(s.failed(RequestKind.INIT)).isZero();
      assertThat(s.enqueued()).isEqualTo(5);
      assertThat(s.delivered()).isEqualTo(4);
      assertThat(s.failed()).isEqualTo(1);
      sdk.close();
      failureOf(sdk.track("late"));
      assertThat(sdk.stats().rejected(RequestKind.EVENT)).isEqualTo(1);
      assertThat(sdk.stats().rejected()).isEqualTo(1);
      assertThat(sdk.stats()).isEqualTo(sdk.stats());
    }
  }

  /** Defect 7: read right after a future completed, stats() once still counted it in flight. */
  @Test
  void countersSettleBeforeTheFutureCompletes() {
    try (ATrack sdk = DeliveryClients.against(collector).build()) {
      for (int i = 1; i <= 1000; i++) {
        sdk.track(TrackRequest.builder("e").uuid("u").build()).join();
        Stats s = sdk.stats();
        assertThat(s.inFlight()).as("inFlight after %d joins", i).isZero();
        assertThat(s.queued()).as("queued after %d joins", i).isZero();
        assertThat(s.delivered()).isEqualTo(i);
      }
    }
  }
}
