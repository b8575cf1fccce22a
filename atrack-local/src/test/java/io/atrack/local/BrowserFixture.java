package io.atrack.local;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A {@link LocalFixture} with a headless Chromium beside it. JUnit runs this class's
 * {@code @BeforeEach} after the local server has started and its {@code @AfterEach} before the
 * server closes, so the browser never outlives the page it watches.
 */
abstract class BrowserFixture extends LocalFixture {
  Browser browser;

  @BeforeEach
  void startBrowser() {
    browser = Browser.start();
  }

  @AfterEach
  void stopBrowser() {
    Browser started = browser;
    if (started != null) {
      started.close();
    }
  }
}
