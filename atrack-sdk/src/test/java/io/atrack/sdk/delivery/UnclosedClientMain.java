package io.atrack.sdk.delivery;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.TrackRequest;
import java.time.Duration;

/**
 * A program that tracks events and returns from {@code main} without closing its client, for {@link
 * ShutdownTest}: the shutdown hook must flush them before the JVM exits.
 *
 * <p>Arguments: the collector's base URL, the number of events, and optionally the close timeout in
 * milliseconds (default 20 s). Prints how many were delivered when {@code main} returned.
 */
final class UnclosedClientMain {
  private UnclosedClientMain() {}

  public static void main(String[] args) {
    String baseUrl = args[0];
    int events = Integer.parseInt(args[1]);
    ATrack sdk =
        DeliveryClients.inChild(baseUrl)
            .closeTimeout(Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 20_000))
            .build();
    for (int i = 0; i < events; i++) {
      var unused =
          sdk.track(TrackRequest.builder("exit_test").uuid("child-user-" + i % 10).build());
    }
    System.out.println("delivered-when-main-returned=" + sdk.stats().delivered());
  }
}
