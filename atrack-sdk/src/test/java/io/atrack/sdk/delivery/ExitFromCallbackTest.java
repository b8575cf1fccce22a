package io.atrack.sdk.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.ChildJvm;
import io.atrack.testkit.FakeCollectorExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defect 10: {@code System.exit()} called in a future's callback delayed the JVM's exit by the
 * whole close timeout: the shutdown hook's close() waited for the request (and the thread) whose
 * callback was blocked in exit, waiting for the hook. The child's close timeout is ten minutes; it
 * must exit, with the callback's status, long before.
 */
class ExitFromCallbackTest {
  @RegisterExtension final FakeCollectorExtension collector = new FakeCollectorExtension();

  @Test
  void systemExitInACallbackEndsTheJvmWithoutWaitingOutTheCloseTimeout(@TempDir Path dir)
      throws Exception {
    // A bound for a hung child, not a timing assertion: the bug holds it for ten minutes.
    ChildJvm.Result child =
        ChildJvm.run(
            dir, ExitFromCallbackMain.class, collector.baseUrl().toString(), String.valueOf(50));
    assertThat(child.exited()).as("the child exited; its output:%n%s", child.output()).isTrue();
    assertThat(child.exitValue()).as("exit status; output:%n%s", child.output()).isEqualTo(3);
    assertThat(collector.requests("/event")).isNotEmpty();
  }
}
