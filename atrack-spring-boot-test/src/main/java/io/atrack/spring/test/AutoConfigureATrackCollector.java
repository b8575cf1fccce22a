package io.atrack.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts a {@link io.atrack.testkit.FakeCollector} (a real HTTP server on {@code 127.0.0.1}) for
 * the test's Spring context and points the auto-configured client at it: {@code atrack.base-url} is
 * the collector's URL, {@code atrack.public-key} defaults to a dummy key and {@code atrack.enabled}
 * to true. The collector is a bean: inject it to script answers and check what arrived.
 *
 * <pre>{@code
 * @SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
 * @AutoConfigureATrackCollector
 * class CheckoutTest {
 *   @Autowired FakeCollector collector;
 *   @Autowired TestRestTemplate http;
 *
 *   @Test
 *   void checkoutIsTracked() {
 *     http.postForEntity("/checkout", order, Void.class);
 *     RecordedRequest event = collector.awaitRequests("/event", 1, Duration.ofSeconds(5)).get(0);
 *     assertThat(event.body()).containsEntry("event", "checkout_completed");
 *   }
 * }
 * }</pre>
 *
 * <p>Contexts are cached as usual: the tests that share a context share its collector. Before each
 * test method the client is flushed (up to 10 s) and the collector reset (nothing recorded, no
 * script, not stalled), so one test's requests never show up in the next. The collector closes with
 * its context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigureATrackCollector {}
