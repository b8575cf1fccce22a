package io.atrack.sdk;

import io.atrack.sdk.internal.delivery.EngineTime;

/** Lets the SDK's tests in other packages reach the builder's package-private test hooks. */
@SuppressWarnings("exports") // test code handing an internal type to tests in other packages
public final class EngineHooks {
  private EngineHooks() {}

  /** {@code builder} with the engine running on {@code time}. */
  public static ATrackBuilder withTime(ATrackBuilder builder, EngineTime time) {
    return builder.engineTime(time);
  }

  /** The bytes {@code sdk} holds for accepted, unfinished requests (bodies plus overhead). */
  public static long queuedBytes(ATrack sdk) {
    return sdk.queuedBytes();
  }
}
