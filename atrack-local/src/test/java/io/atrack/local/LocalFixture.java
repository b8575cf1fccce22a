package io.atrack.local;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test's own A-Track Local, started on a free port over a fresh data directory before each test
 * and closed after it. A test may replace {@link #local} (a restart in strict mode, say); the one
 * left in the field is closed.
 */
abstract class LocalFixture {
  @TempDir Path dir;
  Running local;

  @BeforeEach
  void startLocal() {
    local = Running.start(dir);
  }

  @AfterEach
  void stopLocal() {
    Running running = local;
    if (running != null) {
      running.close();
    }
  }
}
