package io.atrack.sdk.internal.delivery;

import io.atrack.sdk.ATrackException;
import io.atrack.sdk.ATrackRejectedException.Reason;
import io.atrack.sdk.RequestKind;
import io.atrack.sdk.transport.TransportResponse;
import java.io.IOException;

/**
 * The exceptions a request's future fails with, and their messages: the method and path, the
 * attempts, the status, foreign text (the API's message, a transport's exception) cut, escaped and
 * with the key masked ({@link Redactor}).
 */
final class FailureMessages {
  private final DeliveryConfig config;
  private final Outcomes outcomes;
  private final Redactor redactor;

  FailureMessages(DeliveryConfig config) {
    this.config = config;
    this.outcomes = config.outcomes();
    this.redactor = new Redactor(config.headers().get("x-a-track-key"));
  }

  Redactor redactor() {
    return redactor;
  }

  ATrackException httpFailure(OutboundRequest request, TransportResponse response) {
    int status = response.statusCode();
    String apiMessage = redactor.mask(response.body().strip());
    String message =
        describe(request)
            + " failed: HTTP "
            + status
            + " after "
            + attempts(request)
            + (status == 401 || status == 403 ? " (public key " + config.maskedKey() + ")" : "")
            + (apiMessage.isEmpty() ? "" : ": " + redactor.forMessage(apiMessage));
    return outcomes.http(message, request.kind(), request.attempts(), status, apiMessage);
  }

  ATrackException networkFailure(OutboundRequest request, IOException e) {
    IOException cause = redactor.sanitize(e);
    return outcomes.network(
        describe(request) + " failed after " + attempts(request) + ": " + redactor.describe(e),
        request.kind(),
        request.attempts(),
        // The timeout flag is read from the cause: keep the original type when it is safe.
        cause == e ? e : timeoutPreserving(e, cause));
  }

  ATrackException transportThrew(OutboundRequest request, RuntimeException e) {
    return outcomes.transport(
        describe(request) + " failed: the transport threw " + redactor.describe(e),
        request.kind(),
        request.attempts(),
        redactor.sanitize(e));
  }

  ATrackException expired(OutboundRequest request) {
    return outcomes.expired(
        describe(request)
            + " given up after "
            + attempts(request)
            + ": its next attempt would be past maxAge ("
            + config.retryPolicy().maxAge()
            + ")"
            + (request.lastStatus() == 0 ? "" : " (last answer HTTP " + request.lastStatus() + ")"),
        request.kind(),
        request.attempts(),
        request.lastStatus());
  }

  ATrackException closedBeforeDelivery(OutboundRequest request) {
    return outcomes.rejected(
        describe(request)
            + " not delivered: close() timed out after "
            + attempts(request)
            + (request.lastStatus() == 0 ? "" : " (last answer HTTP " + request.lastStatus() + ")"),
        request.kind(),
        request.attempts(),
        Reason.CLOSE_TIMEOUT);
  }

  ATrackException keptInOutbox(OutboundRequest request, java.nio.file.Path dir) {
    return outcomes.rejected(
        describe(request)
            + " not delivered before close(): it stays in the outbox "
            + dir
            + " and the next client built on that directory delivers it",
        request.kind(),
        request.attempts(),
        Reason.CLOSE_TIMEOUT);
  }

  ATrackException rejected(RequestKind kind, Reason reason, String why) {
    return outcomes.rejected("POST " + kind.path() + " rejected: " + why, kind, 0, reason);
  }

  static String describe(OutboundRequest request) {
    return "POST " + request.kind().path();
  }

  private static String attempts(OutboundRequest request) {
    int n = request.attempts();
    return n == 1 ? "1 attempt" : n + " attempts";
  }

  /**
   * A redacted copy loses the timeout's type; wrap it in one of the same family so {@code
   * isTimeout()} still says what happened.
   */
  private static IOException timeoutPreserving(IOException original, IOException redacted) {
    if (original instanceof java.net.SocketTimeoutException
        || original instanceof java.net.http.HttpTimeoutException) {
      java.net.SocketTimeoutException t =
          new java.net.SocketTimeoutException(redacted.getMessage());
      t.initCause(redacted.getCause());
      t.setStackTrace(redacted.getStackTrace());
      return t;
    }
    return redacted;
  }
}
