package io.atrack.sdk.internal.delivery;

import io.atrack.sdk.ATrackException;
import io.atrack.sdk.ATrackRejectedException.Reason;
import io.atrack.sdk.DeliveryFailure;
import io.atrack.sdk.FlushResult;
import io.atrack.sdk.RequestKind;
import io.atrack.sdk.Stats;
import java.io.IOException;

/**
 * Makes the public values the engine hands out (exceptions, failures, stats, flush results), whose
 * constructors are package-private in {@code io.atrack.sdk}: users cannot create them, so they can
 * grow without breaking anyone. The client passes its implementation in. Internal: not API.
 */
public interface Outcomes {
  /** An {@code ATrackHttpException}. */
  ATrackException http(
      String message, RequestKind kind, int attempts, int statusCode, String apiMessage);

  /** An {@code ATrackNetworkException}; whether it is a timeout is read from {@code cause}. */
  ATrackException network(String message, RequestKind kind, int attempts, IOException cause);

  /** An {@code ATrackExpiredException}. */
  ATrackException expired(String message, RequestKind kind, int attempts, int lastStatusCode);

  /** An {@code ATrackTransportException}. */
  ATrackException transport(String message, RequestKind kind, int attempts, Throwable cause);

  /** An {@code ATrackRejectedException}. */
  ATrackException rejected(String message, RequestKind kind, int attempts, Reason reason);

  /** What the failure listener is told. */
  DeliveryFailure failure(
      RequestKind kind, String uuid, int statusCode, int attempts, ATrackException cause);

  /** A stats snapshot; the arrays are indexed by {@link RequestKind#ordinal()} and handed over. */
  Stats stats(
      long[] enqueued,
      long[] delivered,
      long retried,
      long[] failed,
      long[] rejected,
      long queued,
      long inFlight);

  /** What a flush waited for. */
  FlushResult flushResult(long delivered, long failed);
}
