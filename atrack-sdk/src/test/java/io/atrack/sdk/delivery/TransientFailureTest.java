package io.atrack.sdk.delivery;

import static io.atrack.sdk.delivery.DeliveryClients.eventId;
import static io.atrack.sdk.delivery.DeliveryClients.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.ATrackBuilder;
import io.atrack.sdk.ATrackHttpException;
import io.atrack.sdk.EngineHooks;
import io.atrack.sdk.RetryPolicy;
import io.atrack.sdk.Stats;
import io.atrack.sdk.TrackRequest;
import io.atrack.testkit.FakeCollectorExtension;
import io.atrack.testkit.RecordedRequest;
import io.atrack.testkit.Response;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Transient failures are retried with the same body; Retry-After is honoured up to its cap. */
@Timeout(30)
class TransientFailureTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();
  @RegisterExtension final FakeCollectorExtension elsewhere = new FakeCollectorExtension();

  @Test
  void retriesServiceUnavailableThreeTimesThenDeliversOneEventId() {
    collector.respond(503, 503, 503, 200);
    try (ATrack sdk = DeliveryClients.against(collector).build()) {
      CompletableFuture<Void> future = sdk.track(TrackRequest.builder("signup").uuid("u1").build());

      assertThat(future).succeedsWithin(WAIT);
      List<RecordedRequest> attempts = collector.requests("/event");
      assertThat(attempts).hasSize(4);
      assertThat(attempts)
          .extracting(DeliveryClients::eventId)
          .containsOnly(eventId(attempts.get(0)));
      assertThat(attempts)
          .extracting(RecordedRequest::rawBody)
          .containsOnly(attempts.get(0).rawBody());
      Stats stats = sdk.stats();
      assertThat(stats.delivered()).isEqualTo(1);
      assertThat(stats.retried()).isEqualTo(3);
      assertThat(stats.failed()).isZero();
    }
  }

  /**
   * The retry waits on the engine's clock: the test reads the delay the engine asked for, checks
   * the retry is not sent before that time has passed, then lets it pass.
   */
  private Duration retryDelayAskedFor(ATrackBuilder builder) throws InterruptedException {
    ManualTime time = new ManualTime();
    try (ATrack sdk = EngineHooks.withTime(builder, time).build()) {
      CompletableFuture<Void> future = sdk.track(TrackRequest.builder("signup").uuid("u1").build());
      time.awaitScheduled(1);
      Duration delay = time.scheduled().get(0).delay();
      if (delay.compareTo(Duration.ofNanos(1)) > 0) {
        time.advance(delay.minusNanos(1));
      }
      assertThat(future).isNotDone();
      assertThat(collector.requests("/event")).hasSize(1);
      time.advance(Duration.ofNanos(1));
      assertThat(future).succeedsWithin(WAIT);
      assertThat(collector.requests("/event")).hasSize(2);
      assertThat(time.scheduled()).hasSize(1);
      return delay;
    }
  }

  @Test
  void waitsTheRetryAfterSecondsOfA429() throws InterruptedException {
    collector.respond(Response.status(429).retryAfter("2"), Response.ok());
    assertThat(retryDelayAskedFor(DeliveryClients.against(collector)))
        .isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void waitsUntilTheRetryAfterHttpDate() throws InterruptedException {
    Instant now = Instant.parse("2026-10-21T07:28:00Z");
    String date =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.ofInstant(now.plusSeconds(7), ZoneOffset.UTC));
    collector.respond(Response.status(503).retryAfter(date), Response.ok());
    ATrackBuilder builder =
        DeliveryClients.against(collector).clock(Clock.fixed(now, ZoneOffset.UTC));
    assertThat(retryDelayAskedFor(builder)).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void capsAHugeRetryAfterAtMaxRetryAfter() throws InterruptedException {
    collector.respond(Response.status(503).retryAfter("999999"), Response.ok());
    RetryPolicy policy = DeliveryClients.fastRetry().maxRetryAfter(Duration.ofMillis(200)).build();
    assertThat(retryDelayAskedFor(DeliveryClients.against(collector).retryPolicy(policy)))
        .isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void fallsBackToBackoffForAMalformedRetryAfter() throws InterruptedException {
    collector.respond(Response.status(503).retryAfter("soon, maybe"), Response.ok());
    // The default cap (60 s) stays: misread as a long wait, the delay would be far above 2 ms.
    assertThat(retryDelayAskedFor(DeliveryClients.against(collector)))
        .isLessThanOrEqualTo(Duration.ofMillis(2));
  }

  @Test
  void retriesAConnectionDroppedMidRequestAndDelivers() {
    collector.respond(Response.dropConnection(), Response.ok());
    try (ATrack sdk = DeliveryClients.against(collector).build()) {
      CompletableFuture<Void> future = sdk.track(TrackRequest.builder("signup").uuid("u1").build());

      assertThat(future).succeedsWithin(WAIT);
      List<RecordedRequest> attempts = collector.requests("/event");
      assertThat(attempts).hasSize(2);
      assertThat(attempts)
          .extracting(DeliveryClients::eventId)
          .containsOnly(eventId(attempts.get(0)));
      assertThat(sdk.stats().delivered()).isEqualTo(1);
      assertThat(sdk.stats().retried()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 307})
  void doesNotFollowARedirectToAnotherHost(int status) {
    collector.respond(Response.status(status).header("Location", elsewhere.baseUrl() + "/event"));
    try (ATrack sdk = DeliveryClients.against(collector).build()) {
      CompletableFuture<Void> future = sdk.track(TrackRequest.builder("signup").uuid("u1").build());

      Throwable failure = failureOf(future);
      assertThat(failure).isInstanceOf(ATrackHttpException.class);
      assertThat(((ATrackHttpException) failure).statusCode()).isEqualTo(status);
      assertThat(((ATrackHttpException) failure).attempts()).isEqualTo(1);
      assertThat(sdk.flush()).succeedsWithin(WAIT);
      assertThat(collector.requests("/event")).hasSize(1);
      assertThat(elsewhere.requestCount()).isZero();
    }
  }

  @Test
  void takesAFiveMebibyteSuccessBodyAsSuccessWithoutWaitingForIt() throws Exception {
    int bodyBytes = 5 * 1024 * 1024;
    byte[] firstPart = "{\"ok\":true,\"padding\":\"".getBytes(StandardCharsets.US_ASCII);
    CountDownLatch delivered = new CountDownLatch(1);
    AtomicInteger served = new AtomicInteger();
    AtomicBoolean bodyHeldWhenDelivered = new AtomicBoolean();
    // The big answer sends its headers and the start of its body, then holds the rest until the
    // client has counted the call as delivered: the client can only succeed without the body.
    collector.route(
        "/event",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          if (served.incrementAndGet() != 1) {
            byte[] ok = "{\"ok\":true}".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
            return;
          }
          exchange.sendResponseHeaders(200, bodyBytes);
          OutputStream out = exchange.getResponseBody();
          out.write(firstPart);
          out.flush();
          try {
            bodyHeldWhenDelivered.set(delivered.await(20, TimeUnit.SECONDS));
            out.write(new byte[bodyBytes - firstPart.length]); // the client may have hung up
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            exchange.close();
          }
        });
    try (ATrack sdk = DeliveryClients.against(collector).build()) {
      CompletableFuture<Void> future = sdk.track(TrackRequest.builder("signup").uuid("u1").build());

      assertThat(future).succeedsWithin(WAIT);
      delivered.countDown();
      await().atMost(WAIT).untilTrue(bodyHeldWhenDelivered);
      assertThat(sdk.stats().delivered()).isEqualTo(1);
      // The connection cut short is not reused by mistake: the next request goes through too.
      assertThat(sdk.track(TrackRequest.builder("next").uuid("u1").build())).succeedsWithin(WAIT);
      assertThat(served.get()).isEqualTo(2);
      assertThat(sdk.stats().retried()).isZero();
    }
  }
}
