package io.atrack.sdk;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request that finally failed or was rejected, as told to a {@link FailureListener}. Created by
 * the SDK; immutable and thread-safe. Its {@code toString()} names the kind, status and attempts,
 * never the uuid (personal data) nor the key.
 */
public final class DeliveryFailure {
  private final RequestKind kind;
  private final String uuid;
  private final int statusCode;
  private final int attempts;
  private final ATrackException cause;

  DeliveryFailure(
      RequestKind kind, String uuid, int statusCode, int attempts, ATrackException cause) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.uuid = Objects.requireNonNull(uuid, "uuid");
    this.statusCode = statusCode;
    this.attempts = attempts;
    this.cause = Objects.requireNonNull(cause, "cause");
  }

  /**
   * Which endpoint.
   *
   * @return the request's kind
   */
  public RequestKind kind() {
    return kind;
  }

  /**
   * The user the request was for.
   *
   * @return the user's uuid
   */
  public String uuid() {
    return uuid;
  }

  /**
   * The last HTTP status, or 0 when there was no answer.
   *
   * @return the last status code, or 0
   */
  public int statusCode() {
    return statusCode;
  }

  /**
   * How many times it was sent (0 when never).
   *
   * @return the number of attempts, 0 or more
   */
  public int attempts() {
    return attempts;
  }

  /**
   * The exception its future failed with; its subtype says what happened.
   *
   * @return the exception the request's future failed with
   */
  public ATrackException cause() {
    return cause;
  }

  /**
   * The status code, or null when no answer came.
   *
   * @return the last status code, or null
   */
  public @Nullable Integer status() {
    return statusCode == 0 ? null : statusCode;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeliveryFailure f
        && kind == f.kind
        && uuid.equals(f.uuid)
        && statusCode == f.statusCode
        && attempts == f.attempts
        && cause.equals(f.cause);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, uuid, statusCode, attempts, cause);
  }

  @Override
  public String toString() {
    return "DeliveryFailure[kind="
        + kind
        + ", statusCode="
        + statusCode
        + ", attempts="
        + attempts
        + ", cause="
        + cause.getClass().getSimpleName()
        + ']';
  }
}
