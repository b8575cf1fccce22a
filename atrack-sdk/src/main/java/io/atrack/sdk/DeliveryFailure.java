package io.atrack.sdk;

import org.jspecify.annotations.Nullable;

/**
 * A request that finally failed, as told to a {@link FailureListener}.
 *
 * @param kind which endpoint
 * @param uuid the user it was for
 * @param statusCode the last HTTP status, or 0 when there was no answer
 * @param attempts how many times it was sent (0 when never)
 * @param cause the exception its future failed with
 */
public record DeliveryFailure(
    RequestKind kind, String uuid, int statusCode, int attempts, ATrackException cause) {

  /** The status code, or null when no answer came. */
  public @Nullable Integer status() {
    return statusCode == 0 ? null : statusCode;
  }
}
