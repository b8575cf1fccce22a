package io.atrack.sdk.delivery;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.TrackRequest;
import java.time.Duration;

/**
 * A program whose first delivered event's callback calls {@code System.exit(3)}, for {@link
 * ExitFromCallbackTest}. The client's close timeout is ten minutes: a shutdown hook that waits for
 * the exiting thread holds the JVM that long.
 *
 * <p>Arguments: the collector's base URL and the number of events.
 */
final class ExitFromCallbackMain {
  private ExitFromCallbackMain() {}

  @SuppressWarnings("FutureReturnValueIgnored") // fire and forget, as the programs it mimics
  public static void main(String[] args) {
    String baseUrl = args[0];
    int events = Integer.parseInt(args[1]);
    ATrack sdk = DeliveryClients.inChild(baseUrl).closeTimeout(Duration.ofMinutes(10)).build();
    sdk.track(TrackRequest.builder("first").uuid("exit-user").build())
        .thenRun(() -> System.exit(3));
    for (int i = 0; i < events; i++) {
      sdk.track(TrackRequest.builder("more").uuid("other-user-" + i % 10).build());
    }
    // main returns; an idle non-daemon pool thread keeps the JVM up until the callback's exit, as
    // a worker's executor would. Idle, it is not code that may still call the client.
    java.util.concurrent.ExecutorService keepAlive =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    keepAlive.execute(() -> {});
  }
}
