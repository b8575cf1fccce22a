package io.atrack.sdk.transport;

import org.jspecify.annotations.Nullable;

/**
 * The answer to a {@link TransportRequest}.
 *
 * @param statusCode the HTTP status code
 * @param retryAfter the raw {@code Retry-After} header value, or null when absent
 * @param body a bounded prefix of the answer's body decoded as UTF-8 (at most {@value
 *     #MAX_BODY_CHARS} characters), used only for error messages; empty when there was none
 */
public record TransportResponse(int statusCode, @Nullable String retryAfter, String body) {

  /** The most of an answer's body a transport keeps. */
  public static final int MAX_BODY_CHARS = 2048;

  /**
   * Checks the status code's range and trims an over-long body.
   *
   * @param statusCode the HTTP status, 100 to 999
   * @param retryAfter the {@code Retry-After} header's value, or null
   * @param body the start of the body, or null for none
   */
  public TransportResponse {
    if (statusCode < 100 || statusCode > 999) {
      throw new IllegalArgumentException("statusCode must be 100..999, was " + statusCode);
    }
    body =
        body == null
            ? ""
            : body.length() > MAX_BODY_CHARS ? body.substring(0, MAX_BODY_CHARS) : body;
  }
}
