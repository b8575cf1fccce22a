package io.atrack.sdk.delivery;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.TrackRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A program whose own shutdown hook keeps calling the client while the JVM exits, as a server's
 * graceful shutdown finishes its requests, for {@link ShutdownTest}. It never closes the client:
 * the SDK's hook does.
 *
 * <p>Arguments: the collector's base URL, events tracked before exit, events tracked by the
 * application's hook once those are delivered, and the close timeout in milliseconds. Prints how
 * the late events ended.
 */
// The events before exit are checked at the collector, as the SDK's users would ignore them.
@SuppressWarnings("FutureReturnValueIgnored")
final class ShutdownHookCallerMain {
  private ShutdownHookCallerMain() {}

  public static void main(String[] args) {
    String baseUrl = args[0];
    int before = Integer.parseInt(args[1]);
    int late = Integer.parseInt(args[2]);
    ATrack sdk =
        ATrack.builder()
            .publicKey(DeliveryClients.KEY)
            .baseUrl(baseUrl)
            .retryPolicy(DeliveryClients.fastRetry().build())
            .closeTimeout(Duration.ofMillis(Long.parseLong(args[3])))
            .build();
    for (int i = 0; i < before; i++) {
      sdk.track(TrackRequest.builder("before_exit").uuid("child-user-" + i % 10).build());
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    // The requests in flight when the JVM began to exit finish first, while the
                    // SDK's own hook runs beside this one.
                    sdk.flush().get(30, TimeUnit.SECONDS);
                    List<CompletableFuture<Void>> calls = new ArrayList<>();
                    for (int i = 0; i < late; i++) {
                      calls.add(
                          sdk.track(
                              TrackRequest.builder("during_shutdown")
                                  .uuid("late-user-" + i % 10)
                                  .build()));
                    }
                    long failed = 0;
                    for (CompletableFuture<Void> c : calls) {
                      try {
                        c.get(30, TimeUnit.SECONDS);
                      } catch (Exception e) {
                        failed++;
                      }
                    }
                    System.out.println(
                        "late-delivered=" + (late - failed) + " late-failed=" + failed);
                  } catch (Exception e) {
                    System.out.println("app hook failed: " + e);
                  }
                },
                "app-graceful-shutdown"));
    System.out.println("main-returned");
  }
}
