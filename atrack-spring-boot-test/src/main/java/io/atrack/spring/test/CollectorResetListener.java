package io.atrack.spring.test;

import io.atrack.sdk.ATrack;
import io.atrack.testkit.FakeCollector;
import java.util.concurrent.TimeUnit;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Before each test method of a context with the collector: flushes the client (up to 10 s), then
 * resets the collector, so a test sees only its own requests. Registered in {@code
 * META-INF/spring.factories}; does nothing for other contexts.
 */
final class CollectorResetListener extends AbstractTestExecutionListener {

  @Override
  public int getOrder() {
    return 2100; // after dependency injection (2000), before transactional and SQL listeners
  }

  @Override
  public void beforeTestMethod(TestContext testContext) throws Exception {
    if (!testContext.hasApplicationContext()) {
      return;
    }
    ApplicationContext context = testContext.getApplicationContext();
    if (!context.containsBean(CollectorContextCustomizer.BEAN)) {
      return;
    }
    FakeCollector collector = context.getBean(CollectorContextCustomizer.BEAN, FakeCollector.class);
    collector.resume();
    context.getBeanProvider(ATrack.class).ifAvailable(sdk -> flush(sdk));
    collector.reset();
  }

  private static void flush(ATrack sdk) {
    try {
      sdk.flush().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      // A flush that did not finish only means a late request may still arrive.
    }
  }
}
