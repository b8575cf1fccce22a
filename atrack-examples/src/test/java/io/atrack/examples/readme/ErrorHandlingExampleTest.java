package io.atrack.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.ATrackHttpException;
import io.atrack.sdk.ATrackNetworkException;
import io.atrack.sdk.InitRequest;
import io.atrack.sdk.RetryPolicy;
import io.atrack.testkit.FakeCollectorExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's "How errors surface" example (Java 17), run against the fake collector. */
class ErrorHandlingExampleTest {
  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  /** What the example reports to; records each call. */
  static final class Metrics {
    final List<String> seen = new ArrayList<>();

    void httpFailure(int status) {
      seen.add("http " + status);
    }

    void timeout() {
      seen.add("timeout");
    }

    void failure() {
      seen.add("failure");
    }
  }

  static CompletableFuture<Void> readmeExample(ATrack sdk, Metrics metrics) {
    // spotless:off
    return
    sdk.track("checkout").exceptionally(e -> {
      Throwable cause = e instanceof CompletionException ? e.getCause() : e;
      if (cause instanceof ATrackHttpException http) {
        metrics.httpFailure(http.statusCode());
      } else if (cause instanceof ATrackNetworkException net && net.isTimeout()) {
        metrics.timeout();
      } else {
        metrics.failure();
      }
      return null;
    });
    // spotless:on
  }

  @Test
  void aRefusedEventIsCountedAsAnHttpFailure() {
    Metrics metrics = new Metrics();
    try (ATrack sdk =
        ATrack.builder()
            .publicKey("pub_test_12345678")
            .baseUrl(collector.baseUrl())
            .retryPolicy(RetryPolicy.none())
            .shutdownHook(false)
            .build()) {
      sdk.init(InitRequest.forUser("user-42")).join();
      collector.respond(400);

      readmeExample(sdk, metrics).join();
    }

    assertThat(metrics.seen).containsExactly("http 400");
  }
}
