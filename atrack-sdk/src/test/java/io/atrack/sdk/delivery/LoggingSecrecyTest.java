package io.atrack.sdk.delivery;

import static io.atrack.sdk.delivery.DeliveryClients.KEY;
import static io.atrack.sdk.delivery.DeliveryClients.MASKED_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.ATrackBuilder;
import io.atrack.sdk.AttributesRequest;
import io.atrack.sdk.DeliveryFailure;
import io.atrack.sdk.InitRequest;
import io.atrack.sdk.LogCapture;
import io.atrack.sdk.TrackRequest;
import io.atrack.testkit.FakeCollectorExtension;
import io.atrack.testkit.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With every log level on through a run of faults, the whole public key appears in no log line,
 * exception or {@code toString()}, and untrusted text is logged as it is, never interpreted.
 */
@Timeout(60)
class LoggingSecrecyTest {
  private static final String LOOKUP = "${jndi:ldap://x}";

  /** A uuid full of format directives: logged at DEBUG, it must come out exactly like this. */
  private static final String TRICKY_UUID = "user-%s-{0}-" + LOOKUP;

  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  private LogCapture captured;

  @BeforeEach
  void captureEveryLevel() {
    captured = LogCapture.everything("");
  }

  @AfterEach
  void restoreLogging() {
    captured.close();
  }

  @Test
  void neverShowsTheWholeKeyAndLogsUntrustedTextLiterally() {
    String echo = "{\"message\":\"key " + KEY + " refused; %s {0} " + LOOKUP + "\"}";
    collector.respondWith(
        r -> {
          Object event = r.body().get("event");
          if ("refused-401".equals(event)) {
            return Response.status(401).body(echo);
          } else if ("refused-403".equals(event)) {
            return Response.status(403).body(echo);
          } else if ("busy".equals(event)) {
            return Response.status(503).retryAfter("0").body(echo);
          } else if ("bad".equals(event)) {
            return Response.status(400).body(echo);
          } else if ("dropped".equals(event)) {
            return Response.dropConnection();
          } else if ("silent".equals(event)) {
            return Response.noAnswer();
          }
          return Response.ok().body(echo);
        });
    ConcurrentLinkedQueue<DeliveryFailure> told = new ConcurrentLinkedQueue<>();
    ATrackBuilder builder =
        DeliveryClients.against(collector)
            .retryPolicy(DeliveryClients.fastRetry().maxAttempts(2).build())
            .closeTimeout(Duration.ofMillis(300))
            .failureListener(
                failure -> {
                  told.add(failure);
                  throw new IllegalStateException("a listener that throws");
                });
    ATrack sdk = builder.build();
    List<CompletableFuture<?>> futures = new ArrayList<>();
    futures.add(sdk.init(InitRequest.forUser(TRICKY_UUID)));
    futures.add(
        sdk.setAttributes(
            AttributesRequest.builder().uuid(TRICKY_UUID).attributes(Map.of("k", "v")).build()));
    for (String event :
        List.of(LOOKUP, "%s", "refused-401", "refused-403", "busy", "bad", "dropped")) {
      futures.add(sdk.track(TrackRequest.builder(event).uuid(TRICKY_UUID).build()));
    }
    assertThat(sdk.flush()).succeedsWithin(Duration.ofSeconds(20));
    futures.add(sdk.track(TrackRequest.builder("silent").uuid("other-user").build()));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                collector.requests("/event").stream()
                    .anyMatch(r -> "silent".equals(r.body().get("event"))));
    sdk.close(); // times out on the silent request
    futures.add(sdk.track(TrackRequest.builder("after-close").uuid(TRICKY_UUID).build()));

    assertThatThrownBy(() -> sdk.track("line\nbreak", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("event name")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> TrackRequest.builder("line\nbreak"))
        .isInstanceOf(IllegalArgumentException.class);

    List<String> exceptionTexts = new ArrayList<>();
    for (CompletableFuture<?> f : futures) {
      assertThat(f).isDone();
      if (f.isCompletedExceptionally()) {
        exceptionTexts.add(DeliveryClients.describeChain(DeliveryClients.failureNow(f)));
      }
    }
    for (DeliveryFailure failure : told) {
      exceptionTexts.add(DeliveryClients.describeChain(failure.cause()));
    }
    assertThat(exceptionTexts).hasSizeGreaterThanOrEqualTo(2 * 7);
    assertThat(exceptionTexts).noneMatch(text -> text.contains(KEY));
    assertThat(exceptionTexts).anyMatch(text -> text.contains(MASKED_KEY));

    List<LogCapture.Line> records = captured.lines();
    List<String> lines = records.stream().map(LogCapture.Line::formatted).toList();
    List<String> sdkLines =
        records.stream()
            .filter(LoggingSecrecyTest::fromSdk)
            .map(LogCapture.Line::formatted)
            .toList();
    System.out.println(
        "Captured " + records.size() + " log records, " + sdkLines.size() + " from the SDK");
    sdkLines.forEach(line -> System.out.print("  | " + line));
    assertThat(records).anyMatch(r -> fromSdk(r) && r.level() <= Level.FINE.intValue());
    assertThat(records).anyMatch(r -> fromSdk(r) && r.level() == Level.WARNING.intValue());
    assertThat(lines).noneMatch(line -> line.contains(KEY));
    assertThat(sdkLines).anyMatch(line -> line.contains(MASKED_KEY));
    assertThat(sdkLines).anyMatch(line -> line.contains(TRICKY_UUID));
    // Whatever mentions a lookup or a directive shows it verbatim (nothing substituted).
    assertThat(sdkLines)
        .filteredOn(line -> line.contains("jndi"))
        .isNotEmpty()
        .allMatch(line -> line.contains(LOOKUP));

    String shown = sdk + " " + builder + " " + sdk.stats();
    assertThat(shown).doesNotContain(KEY).contains(MASKED_KEY);
  }

  private static boolean fromSdk(LogCapture.Line line) {
    return line.logger().startsWith("io.atrack.sdk");
  }
}
