package io.atrack.sdk.internal.delivery;

import io.atrack.sdk.ATrackException;
import io.atrack.sdk.ATrackHttpException;
import io.atrack.sdk.ATrackRejectedException;
import io.atrack.sdk.ATrackRejectedException.Reason;
import io.atrack.sdk.Keys;
import io.atrack.sdk.internal.queue.OutboundRequest;
import io.atrack.sdk.transport.TransportResponse;
import java.io.IOException;

/**
 * The exceptions a request's future fails with, and their messages: the method and path, the
 * attempts, the status, the API's message cut and escaped, and the key only ever masked.
 */
final class FailureMessages {
  private final DeliveryConfig config;

  FailureMessages(DeliveryConfig config) {
    this.config = config;
  }

  ATrackException httpFailure(OutboundRequest request, TransportResponse response) {
    int status = response.statusCode();
    String apiMessage = maskKey(response.body().strip());
    String message =
        describe(request)
            + " failed: HTTP "
            + status
            + " after "
            + attempts(request)
            + (status == 401 || status == 403 ? " (public key " + config.maskedKey() + ")" : "")
            + (apiMessage.isEmpty() ? "" : ": " + shorten(apiMessage));
    return new ATrackHttpException(message, request.kind(), request.attempts(), status, apiMessage);
  }

  ATrackException networkFailure(OutboundRequest request, IOException e) {
    return new ATrackException(
        describe(request) + " failed after " + attempts(request) + ": " + e,
        request.kind(),
        request.attempts(),
        e);
  }

  ATrackException giveUp(OutboundRequest request, String why) {
    return new ATrackException(
        describe(request)
            + " given up after "
            + attempts(request)
            + ": "
            + why
            + (request.lastStatus() == 0 ? "" : " (last answer HTTP " + request.lastStatus() + ")"),
        request.kind(),
        request.attempts(),
        null);
  }

  ATrackException closedBeforeDelivery(OutboundRequest request) {
    return new ATrackRejectedException(
        describe(request)
            + " not delivered: close() timed out after "
            + attempts(request)
            + (request.lastStatus() == 0 ? "" : " (last answer HTTP " + request.lastStatus() + ")"),
        request.kind(),
        request.attempts(),
        Reason.CLOSE_TIMEOUT);
  }

  static String describe(OutboundRequest request) {
    return "POST " + request.kind().path();
  }

  private static String attempts(OutboundRequest request) {
    int n = request.attempts();
    return n == 1 ? "1 attempt" : n + " attempts";
  }

  /** The API might echo the key; it must not reach a message whole. */
  private String maskKey(String text) {
    String key = config.headers().get("x-a-track-key");
    return key == null ? text : Keys.redact(text, key);
  }

  /**
   * The API's answer as it may appear in a message, and so in a log line: cut, and on one line with
   * every control character escaped. The answer comes from the network: a raw line break, NEL,
   * U+2028 or terminal escape in it could forge log lines or rewrite an operator's terminal.
   */
  private static String shorten(String s) {
    int end = Math.min(s.length(), 300);
    StringBuilder out = new StringBuilder(end + 16);
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r') {
        out.append(' ');
      } else if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029') {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    return end < s.length() ? out.append('…').toString() : out.toString();
  }
}
