package io.atrack.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.ATrackHttpException;
import io.atrack.sdk.ATrackRejectedException;
import io.atrack.sdk.DeliveryFailure;
import io.atrack.sdk.FailureListener;
import io.atrack.sdk.InitRequest;
import io.atrack.sdk.RequestContext;
import io.atrack.sdk.TrackRequest;
import io.atrack.sdk.storage.MemoryUserStorage;
import io.atrack.sdk.storage.UserStorage;
import io.atrack.testkit.FakeCollectorExtension;
import io.atrack.testkit.RecordedRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;

/** The client bean: each condition and property, against a real collector on loopback. */
@Timeout(30)
class ATrackAutoConfigurationTest {
  private static final String KEY = "pub_test_0123456789abcd";
  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ATrackAutoConfiguration.class));

  private ApplicationContextRunner pointed() {
    return runner.withPropertyValues(
        "atrack.public-key=" + KEY, "atrack.base-url=" + collector.baseUrl() + "/collect");
  }

  @Test
  void clientSendsWithTheKeyToTheBaseUrl() {
    pointed()
        .run(
            context -> {
              ATrack sdk = context.getBean(ATrack.class);
              sdk.track(TrackRequest.builder("signup").uuid("u1").build()).join();
              RecordedRequest r = collector.awaitRequests("/collect/event", 1, WAIT).get(0);
              assertThat(r.header("x-a-track-key")).isEqualTo(KEY);
              assertThat(r.body()).containsEntry("event", "signup").containsEntry("uuid", "u1");
            });
  }

  @Test
  void disabledClientNeedsNoKeyAndSendsNothing() {
    runner
        .withPropertyValues("atrack.enabled=false", "atrack.base-url=" + collector.baseUrl())
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              ATrack sdk = context.getBean(ATrack.class);
              assertThat(sdk.enabled()).isFalse();
              sdk.init(InitRequest.forUser("u1")).join();
              sdk.track("signup").join();
              sdk.flush().join();
            });
    assertThat(collector.requestCount()).isZero();
  }

  @Test
  void missingKeyStopsStartupNamingTheProperty() {
    runner.run(
        context -> {
          assertThat(context).hasFailed();
          assertThat(analysis(context.getStartupFailure()))
              .contains("Property: atrack.public-key", "(not set)", "atrack.enabled=false");
        });
  }

  @Test
  void invalidValuesStopStartupNamingThePropertyAndNeverTheWholeKey() {
    assertStartupFails("atrack.geo=mars", "Property: atrack.geo", "\"mars\"", "fra");
    assertStartupFails("atrack.base-url=ftp://host", "Property: atrack.base-url", "http://");
    assertStartupFails("atrack.queue.max-bytes=10B", "Property: atrack.queue.max-bytes", "1024");
    assertStartupFails("atrack.max-in-flight=0", "Property: atrack.max-in-flight");
    assertStartupFails("atrack.request-timeout=0s", "Property: atrack.request-timeout");
    assertStartupFails(
        "atrack.connection-idle-timeout=0s", "Property: atrack.connection-idle-timeout");
    assertStartupFails("atrack.ssl-bundle=corporate", "Property: atrack.ssl-bundle", "corporate");
    assertStartupFails("atrack.retry.max-attempts=0", "Property: atrack.retry.max-attempts");
    assertStartupFails("atrack.retry.multiplier=0.5", "Property: atrack.retry.multiplier");
    assertStartupFails(
        "atrack.queue.max-bytes=2KB",
        "Property: atrack.queue.max-bytes",
        "must hold at least one body");
    runner
        .withPropertyValues("atrack.public-key=pub_secret\u0001secret_0123456789")
        .run(
            context -> {
              String report = analysis(context.getStartupFailure());
              assertThat(report).contains("Property: atrack.public-key", "pub_…6789");
              assertThat(report).doesNotContain("secret");
            });
  }

  @Test
  void everyPropertyIsBound() {
    pointed()
        .withPropertyValues(
            "atrack.geo=FRA",
            "atrack.max-in-flight=3",
            "atrack.connect-timeout=2s",
            "atrack.connection-idle-timeout=12s",
            "atrack.request-timeout=3s",
            "atrack.close-timeout=4s",
            "atrack.max-body-size=8KB",
            "atrack.queue.max-size=50",
            "atrack.queue.max-bytes=1MB",
            "atrack.queue.full-policy=block",
            "atrack.queue.block-timeout=250ms",
            "atrack.retry.max-attempts=3",
            "atrack.retry.initial-backoff=5ms",
            "atrack.retry.multiplier=1.5",
            "atrack.retry.max-backoff=2s",
            "atrack.retry.max-retry-after=7s",
            "atrack.retry.max-age=1m",
            "atrack.web.enabled=false",
            "atrack.web.trusted-proxies=10.0.0.0/8,fd00::/8",
            "atrack.web.timezone-header=X-Timezone",
            "atrack.web.timezone-cookie=tz",
            "atrack.web.anonymize-ip=true",
            "atrack.web.trace-ids=false",
            "atrack.web.visitor-cookie.enabled=true",
            "atrack.web.visitor-cookie.name=vid",
            "atrack.web.visitor-cookie.max-age=30d")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              ATrackProperties p = context.getBean(ATrackProperties.class);
              assertThat(p.geo()).isEqualTo("FRA");
              assertThat(p.maxInFlight()).isEqualTo(3);
              assertThat(p.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
              assertThat(p.connectionIdleTimeout()).isEqualTo(Duration.ofSeconds(12));
              assertThat(p.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
              assertThat(p.closeTimeout()).isEqualTo(Duration.ofSeconds(4));
              assertThat(p.maxBodySize().toBytes()).isEqualTo(8192);
              assertThat(p.queue().maxSize()).isEqualTo(50);
              assertThat(p.queue().maxBytes().toBytes()).isEqualTo(1024 * 1024);
              assertThat(p.queue().fullPolicy()).hasToString("BLOCK");
              assertThat(p.queue().blockTimeout()).isEqualTo(Duration.ofMillis(250));
              ATrackProperties.Web web = p.web();
              assertThat(web.enabled()).isFalse();
              assertThat(web.trustedProxies()).containsExactly("10.0.0.0/8", "fd00::/8");
              assertThat(web.timezoneHeader()).isEqualTo("X-Timezone");
              assertThat(web.timezoneCookie()).isEqualTo("tz");
              assertThat(web.anonymizeIp()).isTrue();
              assertThat(web.traceIds()).isFalse();
              assertThat(web.visitorCookie().enabled()).isTrue();
              assertThat(web.visitorCookie().name()).isEqualTo("vid");
              assertThat(web.visitorCookie().maxAge()).isEqualTo(Duration.ofDays(30));
              // The retry policy the client gets carries every retry property.
              var retry = ClientSettings.retryPolicy(p.retry());
              assertThat(retry.maxAttempts()).isEqualTo(3);
              assertThat(retry.initialBackoff()).isEqualTo(Duration.ofMillis(5));
              assertThat(retry.multiplier()).isEqualTo(1.5);
              assertThat(retry.maxBackoff()).isEqualTo(Duration.ofSeconds(2));
              assertThat(retry.maxRetryAfter()).isEqualTo(Duration.ofSeconds(7));
              assertThat(retry.maxAge()).isEqualTo(Duration.ofMinutes(1));
              // base-url wins over geo; geo alone would pick https://fra.api.a-track.io.
              assertThat(context.getBean(ATrack.class).toString())
                  .contains(collector.baseUrl().toString());
            });
    runner
        .withPropertyValues("atrack.public-key=" + KEY, "atrack.geo=fra")
        .run(
            context ->
                assertThat(context.getBean(ATrack.class).toString())
                    .contains("https://fra.api.a-track.io"));
  }

  @Test
  void defaultsAreTheClientsOwn() {
    runner
        .withPropertyValues("atrack.public-key=" + KEY)
        .run(
            context -> {
              ATrackProperties p = context.getBean(ATrackProperties.class);
              assertThat(p.enabled()).isTrue();
              assertThat(p.maxInFlight()).isNull(); // the client picks by transport
              assertThat(p.maxBodySize().toBytes())
                  .isEqualTo(io.atrack.sdk.ATrackBuilder.DEFAULT_MAX_BODY_BYTES);
              assertThat(p.queue().maxSize())
                  .isEqualTo(io.atrack.sdk.ATrackBuilder.DEFAULT_MAX_QUEUE_SIZE);
              assertThat(p.queue().maxBytes().toBytes())
                  .isEqualTo(io.atrack.sdk.ATrackBuilder.DEFAULT_MAX_QUEUE_BYTES);
              var retry = ClientSettings.retryPolicy(p.retry());
              var defaults = io.atrack.sdk.RetryPolicy.defaults();
              assertThat(retry).hasToString(defaults.toString());
              assertThat(p.web().enabled()).isTrue();
              assertThat(p.web().trustedProxies()).isEmpty();
              assertThat(p.web().traceIds()).isNull();
              assertThat(p.web().visitorCookie().enabled()).isFalse();
            });
  }

  @Test
  void maxBodySizeRefusesALargerEventAtTheCall() {
    pointed()
        .withPropertyValues("atrack.max-body-size=1KB")
        .run(
            context -> {
              ATrack sdk = context.getBean(ATrack.class);
              TrackRequest big =
                  TrackRequest.builder("big")
                      .uuid("u1")
                      .attributes(Map.of("x", "y".repeat(2000)))
                      .build();
              assertThatThrownBy(() -> sdk.track(big)).isInstanceOf(IllegalArgumentException.class);
            });
  }

  @Test
  void queueAndInFlightBoundsApply() {
    collector.stall();
    pointed()
        .withPropertyValues(
            "atrack.max-in-flight=2", "atrack.queue.max-size=3", "atrack.close-timeout=0s")
        .run(
            context -> {
              ATrack sdk = context.getBean(ATrack.class);
              List<CompletableFuture<Void>> calls = new CopyOnWriteArrayList<>();
              for (int i = 0; i < 4; i++) {
                calls.add(sdk.track(TrackRequest.builder("e" + i).uuid("u" + i).build()));
              }
              collector.awaitRequests("/collect/event", 2, WAIT);
              assertThat(sdk.stats().inFlight()).isEqualTo(2);
              assertThat(sdk.stats().queued()).isEqualTo(1);
              assertThat(reason(calls.get(3))).isEqualTo(ATrackRejectedException.Reason.QUEUE_FULL);
            });
  }

  @Test
  void blockPolicyWaitsForRoom() throws Exception {
    collector.stall();
    pointed()
        .withPropertyValues(
            "atrack.max-in-flight=1",
            "atrack.queue.max-size=1",
            "atrack.queue.full-policy=block",
            "atrack.queue.block-timeout=20s")
        .run(
            context -> {
              ATrack sdk = context.getBean(ATrack.class);
              CompletableFuture<Void> first =
                  sdk.track(TrackRequest.builder("a").uuid("u").build());
              collector.awaitRequests("/collect/event", 1, WAIT);
              AtomicReference<CompletableFuture<Void>> second = new AtomicReference<>();
              Thread caller =
                  new Thread(
                      () -> second.set(sdk.track(TrackRequest.builder("b").uuid("v").build())));
              caller.start();
              org.awaitility.Awaitility.await()
                  .atMost(WAIT)
                  .until(
                      () ->
                          caller.getState() == Thread.State.TIMED_WAITING
                              || caller.getState() == Thread.State.TERMINATED);
              assertThat(second.get()).isNull(); // still waiting for room: blocked, not rejected
              collector.resume();
              caller.join();
              first.join();
              second.get().join();
            });
  }

  @Test
  void retryAndRequestTimeoutApply() {
    collector.respond(503, 503, 503, 503);
    pointed()
        .withPropertyValues("atrack.retry.max-attempts=2", "atrack.retry.initial-backoff=1ms")
        .run(
            context -> {
              ATrack sdk = context.getBean(ATrack.class);
              var call = sdk.track(TrackRequest.builder("e").uuid("u").build());
              assertThatThrownBy(call::join).hasCauseInstanceOf(ATrackHttpException.class);
              assertThat(collector.requests("/collect/event")).hasSize(2);
            });
    collector.reset();
    collector.stall();
    pointed()
        .withPropertyValues("atrack.retry.max-attempts=1", "atrack.request-timeout=200ms")
        .run(
            context -> {
              var call =
                  context.getBean(ATrack.class).track(TrackRequest.builder("e").uuid("u").build());
              assertThatThrownBy(call::join).isInstanceOf(CompletionException.class);
              assertThat(collector.requests("/collect/event")).hasSize(1);
            });
  }

  @Test
  void closingTheContextClosesTheClientWithinCloseTimeout() {
    collector.stall();
    AtomicReference<CompletableFuture<Void>> call = new AtomicReference<>();
    pointed()
        .withPropertyValues("atrack.close-timeout=100ms")
        .run(
            context -> {
              ATrack sdk = context.getBean(ATrack.class);
              call.set(sdk.track(TrackRequest.builder("e").uuid("u").build()));
              collector.awaitRequests("/collect/event", 1, WAIT);
            });
    assertThat(reason(call.get())).isEqualTo(ATrackRejectedException.Reason.CLOSE_TIMEOUT);
  }

  @Test
  void customizersRunAfterPropertiesInOrder() {
    Instant fixed = Instant.parse("2026-04-08T12:00:00Z");
    pointed()
        .withPropertyValues("atrack.max-body-size=1KB")
        .withBean(
            "clock",
            ATrackBuilderCustomizer.class,
            () -> b -> b.clock(Clock.fixed(fixed, ZoneOffset.UTC)).maxBodyBytes(4096))
        .run(
            context -> {
              ATrack sdk = context.getBean(ATrack.class);
              sdk.track(
                      TrackRequest.builder("e")
                          .uuid("u")
                          .attributes(Map.of("x", "y".repeat(2000)))
                          .build())
                  .join(); // 2 KB: the customizer's 4 KB limit won over the property's 1 KB
              assertThat(collector.awaitRequests("/collect/event", 1, WAIT).get(0).body())
                  .containsEntry("timestamp", "2026-04-08T12:00:00.000Z");
            });
  }

  @Test
  void aCustomizersReadyMadeTransportWorksWithTheDefaultProperties() {
    List<String> sent = new CopyOnWriteArrayList<>();
    pointed()
        .withBean(ATrackBuilderCustomizer.class, () -> b -> b.transport(okTransport(sent)))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              context
                  .getBean(ATrack.class)
                  .track(TrackRequest.builder("e").uuid("u").build())
                  .join();
              assertThat(sent).containsExactly("/collect/event");
            });
    // With a transport setting as well, the report names the properties to drop.
    pointed()
        .withPropertyValues("atrack.connect-timeout=2s")
        .withBean(
            ATrackBuilderCustomizer.class,
            () -> b -> b.transport(okTransport(new CopyOnWriteArrayList<>())))
        .run(
            context ->
                assertThat(analysis(context.getStartupFailure()))
                    .contains("atrack.connect-timeout", "ready-made transport"));
  }

  @Test
  void yourOwnClientWins() {
    runner
        .withUserConfiguration(OwnClient.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(ATrack.class);
              assertThat(context.getBean(ATrack.class)).isSameAs(OwnClient.CLIENT);
            });
  }

  @Test
  void storageBeanKeepsTheUsersAndListenerBeansAreTold() {
    UserStorage storage = new MemoryUserStorage();
    List<DeliveryFailure> failures = new CopyOnWriteArrayList<>();
    collector.respond(400);
    pointed()
        .withBean(UserStorage.class, () -> storage)
        .withBean(FailureListener.class, () -> failures::add)
        .withBean(
            "broken",
            FailureListener.class,
            () ->
                f -> {
                  throw new IllegalStateException("a broken listener must not hide the others");
                })
        .run(
            context -> {
              ATrack sdk = context.getBean(ATrack.class);
              var init = sdk.init(InitRequest.forUser("crm-42"));
              assertThatThrownBy(init::join).hasCauseInstanceOf(ATrackHttpException.class);
              assertThat(storage.get("crm-42")).isPresent();
              org.awaitility.Awaitility.await().atMost(WAIT).until(() -> failures.size() == 1);
              assertThat(failures.get(0).statusCode()).isEqualTo(400);
            });
  }

  @Test
  void taskDecoratorCarriesTheRequestScope() throws Exception {
    pointed()
        .run(
            context -> {
              TaskDecorator decorator = context.getBean("atrackTaskDecorator", TaskDecorator.class);
              AtomicReference<RequestContext> seen = new AtomicReference<>();
              Runnable task;
              RequestContext ctx = RequestContext.builder().url("/pricing").build();
              try (RequestContext.Scope ignored = ctx.makeCurrent()) {
                task = decorator.decorate(() -> seen.set(RequestContext.current()));
              }
              Thread worker = new Thread(task);
              worker.start();
              worker.join();
              assertThat(seen.get()).isEqualTo(ctx);
            });
  }

  /** A ready-made transport that answers 200 and notes each path. */
  private static io.atrack.sdk.transport.Transport okTransport(List<String> paths) {
    return new io.atrack.sdk.transport.Transport() {
      @Override
      public io.atrack.sdk.transport.TransportResponse send(
          io.atrack.sdk.transport.TransportRequest request) {
        paths.add(request.uri().getPath());
        return io.atrack.sdk.transport.TransportResponse.of(200);
      }

      @Override
      public void close() {}
    };
  }

  private void assertStartupFails(String property, String... expected) {
    pointed()
        .withPropertyValues(property)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(analysis(context.getStartupFailure())).contains(expected);
            });
  }

  /** What Boot prints for the failure, from the analyzer as Boot loads it (spring.factories). */
  static String analysis(Throwable failure) {
    var loader =
        org.springframework.core.io.support.SpringFactoriesLoader.forDefaultResourceLocation();
    var analyzers =
        loader.load(
            org.springframework.boot.diagnostics.FailureAnalyzer.class,
            null,
            org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler.handleMessage(
                (message, e) -> {})); // others need Boot's arguments; only ours matters here
    for (var analyzer : analyzers) {
      if (analyzer instanceof ATrackFailureAnalyzer) {
        var a = analyzer.analyze(failure);
        assertThat(a).as("an A-Track analysis of %s", failure).isNotNull();
        return a.getDescription() + "\n" + a.getAction();
      }
    }
    throw new AssertionError("ATrackFailureAnalyzer is not registered in spring.factories");
  }

  private static ATrackRejectedException.Reason reason(CompletableFuture<?> call) {
    try {
      call.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof ATrackRejectedException r) {
        return r.reason();
      }
      throw e;
    }
    throw new AssertionError("the call succeeded");
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnClient {
    static final ATrack CLIENT = ATrack.disabled();

    @Bean
    ATrack myClient() {
      return CLIENT;
    }
  }
}
