package io.atrack.sdk.transport;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a {@link TransportRequest}: its status code, its {@code Retry-After} header and a
 * bounded prefix of its body. Immutable and thread-safe.
 *
 * <p>A custom {@link Transport} makes one with {@link #of(int)} or {@link #of(int, String,
 * String)}:
 *
 * <pre>{@code
 * HttpResponse<String> answer = client.send(httpRequest, BodyHandlers.ofString());
 * return TransportResponse.of(
 *     answer.statusCode(), answer.headers().firstValue("retry-after").orElse(null), answer.body());
 * }</pre>
 */
public final class TransportResponse {

  /** The most of an answer's body a response keeps; a longer body is cut to this many chars. */
  public static final int MAX_BODY_CHARS = 2048;

  /** Answers without {@code Retry-After} or body for 200 to 204, shared: most answers are these. */
  private static final TransportResponse[] PLAIN_SUCCESS = {
    new TransportResponse(200, null, ""),
    new TransportResponse(201, null, ""),
    new TransportResponse(202, null, ""),
    new TransportResponse(203, null, ""),
    new TransportResponse(204, null, "")
  };

  private final int statusCode;
  private final @Nullable String retryAfter;
  private final String body;

  private TransportResponse(int statusCode, @Nullable String retryAfter, String body) {
    this.statusCode = statusCode;
    this.retryAfter = retryAfter;
    this.body = body;
  }

  /**
   * An answer with {@code statusCode}, no {@code Retry-After} and no body.
   *
   * @param statusCode the HTTP status code, 100 to 999
   * @return the response
   * @throws IllegalArgumentException unless {@code statusCode} is 100 to 999
   */
  public static TransportResponse of(int statusCode) {
    return of(statusCode, null, "");
  }

  /**
   * An answer with all its parts.
   *
   * @param statusCode the HTTP status code, 100 to 999
   * @param retryAfter the raw {@code Retry-After} header value, or null when absent
   * @param body the answer's body as text, or its start; cut to {@value #MAX_BODY_CHARS} chars;
   *     null is the same as empty
   * @return the response
   * @throws IllegalArgumentException unless {@code statusCode} is 100 to 999
   */
  public static TransportResponse of(
      int statusCode, @Nullable String retryAfter, @Nullable String body) {
    if (statusCode < 100 || statusCode > 999) {
      throw new IllegalArgumentException("statusCode must be 100..999, was " + statusCode);
    }
    if (body == null || body.isEmpty()) {
      if (retryAfter == null && statusCode >= 200 && statusCode <= 204) {
        return PLAIN_SUCCESS[statusCode - 200];
      }
      return new TransportResponse(statusCode, retryAfter, "");
    }
    return new TransportResponse(
        statusCode,
        retryAfter,
        body.length() > MAX_BODY_CHARS ? body.substring(0, MAX_BODY_CHARS) : body);
  }

  /**
   * The HTTP status code.
   *
   * @return 100 to 999
   */
  public int statusCode() {
    return statusCode;
  }

  /**
   * The raw {@code Retry-After} header value (seconds or an HTTP date), as the server sent it.
   *
   * @return the value, or null when the answer had none
   */
  public @Nullable String retryAfter() {
    return retryAfter;
  }

  /**
   * A bounded prefix of the answer's body decoded as UTF-8, used only for error messages.
   *
   * @return at most {@value #MAX_BODY_CHARS} chars; empty when there was none
   */
  public String body() {
    return body;
  }

  /** Equal when status, {@code Retry-After} and body are. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TransportResponse other
        && other.statusCode == statusCode
        && Objects.equals(other.retryAfter, retryAfter)
        && other.body.equals(body);
  }

  @Override
  public int hashCode() {
    return (statusCode * 31 + Objects.hashCode(retryAfter)) * 31 + body.hashCode();
  }

  /** The status, {@code Retry-After} and body length; never the body, which may echo input. */
  @Override
  public String toString() {
    return "TransportResponse{status="
        + statusCode
        + (retryAfter == null ? "" : ", retryAfter=" + retryAfter)
        + ", body="
        + body.length()
        + " chars}";
  }
}
