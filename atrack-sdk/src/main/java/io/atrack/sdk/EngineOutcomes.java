package io.atrack.sdk;

import io.atrack.sdk.ATrackRejectedException.Reason;
import io.atrack.sdk.internal.delivery.Outcomes;
import java.io.IOException;

/** The only place outside their own classes that creates the SDK's public result values. */
final class EngineOutcomes implements Outcomes {
  static final EngineOutcomes INSTANCE = new EngineOutcomes();

  private EngineOutcomes() {}

  @Override
  public ATrackException http(
      String message, RequestKind kind, int attempts, int statusCode, String apiMessage) {
    return new ATrackHttpException(message, kind, attempts, statusCode, apiMessage);
  }

  @Override
  public ATrackException network(
      String message, RequestKind kind, int attempts, IOException cause) {
    return new ATrackNetworkException(message, kind, attempts, cause);
  }

  @Override
  public ATrackException expired(
      String message, RequestKind kind, int attempts, int lastStatusCode) {
    return new ATrackExpiredException(message, kind, attempts, lastStatusCode);
  }

  @Override
  public ATrackException transport(
      String message, RequestKind kind, int attempts, Throwable cause) {
    return new ATrackTransportException(message, kind, attempts, cause);
  }

  @Override
  public ATrackException rejected(String message, RequestKind kind, int attempts, Reason reason) {
    return new ATrackRejectedException(message, kind, attempts, reason);
  }

  @Override
  public DeliveryFailure failure(
      RequestKind kind, String uuid, int statusCode, int attempts, ATrackException cause) {
    return new DeliveryFailure(kind, uuid, statusCode, attempts, cause);
  }

  @Override
  public Stats stats(
      long[] enqueued,
      long[] delivered,
      long retried,
      long[] failed,
      long[] rejected,
      long queued,
      long inFlight) {
    return new Stats(enqueued, delivered, retried, failed, rejected, queued, inFlight);
  }

  @Override
  public FlushResult flushResult(long delivered, long failed) {
    return new FlushResult(delivered, failed);
  }
}
