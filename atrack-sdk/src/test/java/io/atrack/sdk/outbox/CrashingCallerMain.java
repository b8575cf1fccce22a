package io.atrack.sdk.outbox;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.AttributesRequest;
import io.atrack.sdk.TrackRequest;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The child JVM of {@link OutboxCrashTest}: makes calls with an outbox against a slow collector and
 * prints the index of each call once it has returned, until it is killed. Call {@code i} is for
 * {@code user-(i % 10)} with sequence number {@code i / 10}; every fifth call of a user is a {@code
 * setAttributes} (a per-user barrier), the others events.
 *
 * <p>Arguments: the collector's base URL, the outbox directory, the number of calls.
 */
final class CrashingCallerMain {
  static final int USERS = 10;
  static final int STATE_EVERY = 5;

  private CrashingCallerMain() {}

  public static void main(String[] args) {
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    ATrack sdk =
        ATrack.builder()
            .publicKey(Outboxes.KEY)
            .baseUrl(args[0])
            .outbox(Path.of(args[1]))
            .maxQueueSize(200) // a small memory window: most calls wait in the outbox
            .maxInFlight(4)
            .shutdownHook(false)
            .build();
    int calls = Integer.parseInt(args[2]);
    for (int i = 0; i < calls; i++) {
      String uuid = "user-" + i % USERS;
      int seq = i / USERS;
      if (seq % STATE_EVERY == 0) {
        var unused =
            sdk.setAttributes(
                AttributesRequest.builder().uuid(uuid).attributes(Map.of("seq", seq)).build());
      } else {
        var unused =
            sdk.track(
                TrackRequest.builder("step").uuid(uuid).attributes(Map.of("seq", seq)).build());
      }
      out.println(i); // after the call returned
    }
    out.println("done");
    // Wait to be killed; bounded, in case the parent died.
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
    }
    System.exit(2);
  }
}
