package io.atrack.testkit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link FakeCollector} for JUnit 5 tests: listening from field initialization on, closed after
 * each test.
 *
 * <pre>{@code
 * class RetryTest {
 *   @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();
 *
 *   @Test
 *   void retriesServiceUnavailable() {
 *     collector.respond(503, 503, 200);
 *     ... point the client at collector.baseUrl() and send ...
 *     assertThat(collector.requests("/event")).hasSize(3);
 *   }
 * }
 * }</pre>
 *
 * <p>Register it on an instance field (not {@code static}): with the default per-method test
 * lifecycle every test gets its own collector on its own port. With {@code Lifecycle.PER_CLASS},
 * the one instance listens again on the same port before each test, with nothing recorded, no
 * script and no stall. Needs {@code junit-jupiter-api} on the test class path, which this module
 * declares optional. Thread-safe like {@link FakeCollector}.
 */
public final class FakeCollectorExtension extends FakeCollector
    implements BeforeEachCallback, AfterEachCallback {

  /**
   * Starts listening on {@code 127.0.0.1} on a free port at once, so {@link #baseUrl()} can be used
   * in other field initializers.
   *
   * @throws java.io.UncheckedIOException when no port can be bound
   */
  public FakeCollectorExtension() {
    super(0);
    listen();
  }

  /** Listens again, on the same port, when an earlier test of the same instance closed it. */
  @Override
  public void beforeEach(ExtensionContext context) {
    reopen();
  }

  /** Closes the collector: frees the port and threads, drops held requests. */
  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }
}
