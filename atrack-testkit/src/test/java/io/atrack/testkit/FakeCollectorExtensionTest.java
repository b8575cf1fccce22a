package io.atrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

class FakeCollectorExtensionTest {
  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();
  final URI baseUrl = collector.baseUrl();

  @Test
  void listensFromFieldInitialization() {
    collector.respond(503);

    assertThat(baseUrl).isEqualTo(collector.baseUrl());
    assertThat(Clients.post(collector, "/event").statusCode()).isEqualTo(503);
    assertThat(collector.awaitRequests("/event", 1, Duration.ofSeconds(1))).hasSize(1);
  }

  @Test
  void closesTheCollectorAfterEachTest() {
    PerMethod.seen.clear();

    TestExecutionSummary summary = run(PerMethod.class);

    assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
    assertThat(PerMethod.seen)
        .hasSize(2)
        .doesNotHaveDuplicates()
        .noneMatch(FakeCollector::isRunning);
  }

  @Test
  void listensAgainOnTheSamePortWithAFreshStateInPerClassLifecycle() {
    PerClass.seen.clear();

    TestExecutionSummary summary = run(PerClass.class);

    summary.getFailures().forEach(f -> f.getException().printStackTrace());
    assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
    assertThat(PerClass.seen)
        .hasSize(2)
        .allSatisfy(c -> assertThat(c).isSameAs(PerClass.seen.get(0)));
    assertThat(PerClass.seen.get(0).isRunning()).isFalse();
  }

  private static TestExecutionSummary run(Class<?> testClass) {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(),
            listener);
    return listener.getSummary();
  }

  /** Run only through the launcher above: surefire skips nested classes. */
  static class PerMethod {
    static final List<FakeCollectorExtension> seen = new CopyOnWriteArrayList<>();

    @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

    @Test
    void first() {
      seen.add(collector);
      assertThat(Clients.post(collector, "/init").statusCode()).isEqualTo(200);
    }

    @Test
    void second() {
      seen.add(collector);
      assertThat(collector.isRunning()).isTrue();
    }
  }

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PerClass {
    static final List<FakeCollectorExtension> seen = new CopyOnWriteArrayList<>();

    @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();
    final int port = collector.port();

    @Test
    @Order(1)
    void first() {
      seen.add(collector);
      Clients.post(collector, "/init");
      collector.respond(503);
      collector.stall();
    }

    @Test
    @Order(2)
    void second() {
      seen.add(collector);
      assertThat(collector.port()).isEqualTo(port);
      assertThat(collector.requests()).isEmpty();
      assertThat(Clients.post(collector, "/init").statusCode()).isEqualTo(200);
    }
  }
}
