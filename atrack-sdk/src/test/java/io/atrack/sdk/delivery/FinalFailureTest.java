package io.atrack.sdk.delivery;

import static io.atrack.sdk.delivery.DeliveryClients.KEY;
import static io.atrack.sdk.delivery.DeliveryClients.MASKED_KEY;
import static io.atrack.sdk.delivery.DeliveryClients.failureNow;
import static io.atrack.sdk.delivery.DeliveryClients.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.ATrackHttpException;
import io.atrack.sdk.ATrackRejectedException;
import io.atrack.sdk.AttributesRequest;
import io.atrack.sdk.DeliveryFailure;
import io.atrack.sdk.InitRequest;
import io.atrack.sdk.RequestKind;
import io.atrack.sdk.TrackRequest;
import io.atrack.testkit.FakeCollectorExtension;
import io.atrack.testkit.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Statuses that are final fail at once with what the API said, and are told to the listener. */
@Timeout(30)
class FinalFailureTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  @Test
  void failsABadRequestAfterOneAttemptWithTheApisMessage() {
    collector.respond(
        Response.status(400).body("{\"message\":\"attributes.plan: unknown plan 'platinum'\"}"));
    try (ATrack sdk = DeliveryClients.against(collector).build()) {
      CompletableFuture<Void> future =
          sdk.track(
              TrackRequest.builder("upgrade").uuid("u1").attributes(Map.of("plan", "x")).build());

      Throwable failure = failureOf(future);
      assertThat(failure).isInstanceOf(ATrackHttpException.class);
      ATrackHttpException http = (ATrackHttpException) failure;
      assertThat(http.statusCode()).isEqualTo(400);
      assertThat(http.attempts()).isEqualTo(1);
      assertThat(http.kind()).isEqualTo(RequestKind.EVENT);
      assertThat(http.apiMessage()).contains("unknown plan 'platinum'");
      assertThat(http.getMessage()).contains("400").contains("unknown plan 'platinum'");
      assertThat(sdk.flush()).succeedsWithin(WAIT);
      assertThat(collector.requests("/event")).hasSize(1);
      assertThat(sdk.stats().retried()).isZero();
      assertThat(sdk.stats().failed()).isEqualTo(1);
    }
  }

  @Test
  void keepsControlCharactersOfTheApisMessageOutOfTheExceptionMessage() {
    // Terminal escapes and line separators in an answer must not reach log lines built from it.
    String hostile = "bad\u001b[2J\r\nWARNING: forged\u0085line\u2028two\u0000end";
    collector.respond(Response.status(400).body("{\"message\":\"" + hostile + "\"}"));
    try (ATrack sdk = DeliveryClients.against(collector).build()) {
      Throwable failure = failureOf(sdk.track(TrackRequest.builder("signup").uuid("u1").build()));

      String message = failure.getMessage();
      assertThat(message).contains("bad").contains("forged").contains("end");
      assertThat(message.chars())
          .as("control characters in %s", message)
          .noneMatch(c -> c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029);
      assertThat(((ATrackHttpException) failure).apiMessage()).as("kept as sent").contains(hostile);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403})
  void failsARefusedKeyAtOnceNamingTheKeyMaskedOnly(int status) {
    // An API that echoes the key it refused: the SDK must still never repeat it whole.
    collector.respond(
        Response.status(status).body("{\"message\":\"invalid public key " + KEY + "\"}"));
    try (ATrack sdk = DeliveryClients.against(collector).build()) {
      CompletableFuture<Void> future = sdk.track(TrackRequest.builder("signup").uuid("u1").build());

      Throwable failure = failureOf(future);
      assertThat(failure).isInstanceOf(ATrackHttpException.class);
      ATrackHttpException http = (ATrackHttpException) failure;
      assertThat(http.statusCode()).isEqualTo(status);
      assertThat(http.attempts()).isEqualTo(1);
      assertThat(http.getMessage()).contains(String.valueOf(status)).contains(MASKED_KEY);
      assertThat(http.apiMessage()).contains("invalid public key");
      assertThat(DeliveryClients.describeChain(http)).doesNotContain(KEY);
      assertThat(http.apiMessage()).doesNotContain(KEY);
      assertThat(sdk.flush()).succeedsWithin(WAIT);
      assertThat(collector.requests("/event")).hasSize(1);
    }
  }

  @Test
  void tellsTheListenerOfEachFinalFailureWithKindUserStatusAndAttempts() {
    ConcurrentLinkedQueue<DeliveryFailure> told = new ConcurrentLinkedQueue<>();
    collector.respondWith(
        r -> {
          Object uuid = r.body().get("uuid");
          if ("u-bad".equals(uuid)) {
            return Response.status(400);
          } else if ("u-busy".equals(uuid)) {
            return Response.status(503);
          } else if ("u-drop".equals(uuid)) {
            return Response.dropConnection();
          }
          return Response.ok();
        });
    ATrack sdk =
        DeliveryClients.against(collector)
            .retryPolicy(DeliveryClients.fastRetry().maxAttempts(3).build())
            .failureListener(told::add)
            .build();
    CompletableFuture<Void> bad = sdk.track(TrackRequest.builder("signup").uuid("u-bad").build());
    CompletableFuture<Void> busy =
        sdk.setAttributes(
            AttributesRequest.builder().uuid("u-busy").attributes(Map.of("a", 1)).build());
    CompletableFuture<?> dropped = sdk.init(InitRequest.forUser("u-drop"));
    CompletableFuture<Void> fine = sdk.track(TrackRequest.builder("signup").uuid("u-ok").build());
    assertThat(sdk.flush()).succeedsWithin(WAIT);
    sdk.close();
    CompletableFuture<Void> late = sdk.track(TrackRequest.builder("signup").uuid("u-late").build());

    assertThat(fine).isCompleted();
    await().atMost(WAIT).until(() -> told.size() >= 4);
    assertThat(told).hasSize(4);
    DeliveryFailure badFailure = failureFor(told, "u-bad");
    assertThat(badFailure.kind()).isEqualTo(RequestKind.EVENT);
    assertThat(badFailure.statusCode()).isEqualTo(400);
    assertThat(badFailure.status()).isEqualTo(400);
    assertThat(badFailure.attempts()).isEqualTo(1);
    assertThat(badFailure.cause()).isSameAs(failureNow(bad));

    DeliveryFailure busyFailure = failureFor(told, "u-busy");
    assertThat(busyFailure.kind()).isEqualTo(RequestKind.ATTRIBUTES);
    assertThat(busyFailure.statusCode()).isEqualTo(503);
    assertThat(busyFailure.attempts()).isEqualTo(3);
    assertThat(busyFailure.cause())
        .isInstanceOf(ATrackHttpException.class)
        .isSameAs(failureNow(busy));

    DeliveryFailure droppedFailure = failureFor(told, "u-drop");
    assertThat(droppedFailure.kind()).isEqualTo(RequestKind.INIT);
    assertThat(droppedFailure.statusCode()).isZero();
    assertThat(droppedFailure.status()).isNull();
    assertThat(droppedFailure.attempts()).isEqualTo(3);
    assertThat(droppedFailure.cause())
        .isSameAs(failureNow(dropped))
        .hasCauseInstanceOf(IOException.class);

    DeliveryFailure lateFailure = failureFor(told, "u-late");
    assertThat(lateFailure.kind()).isEqualTo(RequestKind.EVENT);
    assertThat(lateFailure.attempts()).isZero();
    assertThat(lateFailure.cause())
        .isInstanceOf(ATrackRejectedException.class)
        .isSameAs(failureNow(late));
    assertThat(((ATrackRejectedException) lateFailure.cause()).reason())
        .isEqualTo(ATrackRejectedException.Reason.CLOSED);
    assertThat(told).extracting(DeliveryFailure::cause).doesNotContainNull();
  }

  private static DeliveryFailure failureFor(
      ConcurrentLinkedQueue<DeliveryFailure> told, String uuid) {
    List<DeliveryFailure> matching = told.stream().filter(f -> f.uuid().equals(uuid)).toList();
    assertThat(matching).as("failures told for %s", uuid).hasSize(1);
    return matching.get(0);
  }
}
