package io.atrack.redis;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.AttributesRequest;
import io.atrack.sdk.InitRequest;
import io.atrack.sdk.InitResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What one instance of a service does in the two-JVM test: initialises the same users as the other
 * instance, at the same moment, and merges keys of its own into them. Run in this JVM by the test
 * and in a child JVM through {@link #main}.
 */
final class SharedUsersWorkload implements AutoCloseable {
  static final int USERS = 1000;
  static final int KEYS_PER_INSTANCE = 3;

  private final String instance;
  private final RedisUserStorage storage;
  private final ATrack sdk;

  /** Opens the instance's storage and client (connected: the race starts at {@link #run}). */
  SharedUsersWorkload(String instance, URI collector, String redisUri, String keyPrefix) {
    this.instance = instance;
    this.storage =
        RedisUserStorage.builder()
            .uri(redisUri)
            .keyPrefix(keyPrefix)
            .timeout(Duration.ofSeconds(5))
            .build();
    storage.get("warm-up"); // connected and the script loaded before the race
    this.sdk =
        ATrack.builder()
            .publicKey("pub_test_0123456789abcdef")
            .baseUrl(collector)
            .storage(storage)
            .shutdownHook(false)
            .maxQueueSize(100_000)
            .build();
  }

  @Override
  public void close() {
    sdk.close();
    storage.close();
  }

  /** Runs and returns how many inits this instance was told were of a new user. */
  int run() {
    try {
      List<CompletableFuture<InitResult>> inits = new ArrayList<>();
      List<CompletableFuture<Void>> merges = new ArrayList<>();
      for (int i = 0; i < USERS; i++) {
        String uuid = "shared-user-" + i;
        inits.add(sdk.init(InitRequest.forUser(uuid)));
        for (int k = 0; k < KEYS_PER_INSTANCE; k++) {
          merges.add(
              sdk.setAttributes(
                  AttributesRequest.builder()
                      .uuid(uuid)
                      .attributes(Map.of(instance + "-" + k, i))
                      .build()));
        }
      }
      int news = 0;
      for (CompletableFuture<InitResult> f : inits) {
        if (f.get(60, TimeUnit.SECONDS).isNewUser()) {
          news++;
        }
      }
      for (CompletableFuture<Void> f : merges) {
        f.get(60, TimeUnit.SECONDS);
      }
      if (sdk.stats().storageFailures() != 0) {
        throw new IllegalStateException(
            instance + ": " + sdk.stats().storageFailures() + " storage failures");
      }
      return news;
    } catch (Exception e) {
      throw new IllegalStateException(instance + " failed", e);
    }
  }

  /**
   * The child JVM: {@code collectorUrl redisUri keyPrefix}; prints {@code READY}, waits for a line
   * on standard input, runs, prints {@code NEW <count>}.
   */
  public static void main(String[] args) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (SharedUsersWorkload child =
        new SharedUsersWorkload("child", URI.create(args[0]), args[1], args[2])) {
      System.out.println("READY");
      System.out.flush();
      in.readLine();
      System.out.println("NEW " + child.run());
    }
  }
}
