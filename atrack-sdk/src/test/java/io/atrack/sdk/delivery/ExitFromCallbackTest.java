package io.atrack.sdk.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.ChildJvm;
import io.atrack.testkit.FakeCollectorExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
    int events = 50;
    Path output = dir.resolve("child.out");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                ChildJvm.classPath(),
                ExitFromCallbackMain.class.getName(),
                collector.baseUrl().toString(),
                String.valueOf(events))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    // A bound for a hung child, not a timing assertion: the bug holds it for ten minutes.
    boolean exited = child.waitFor(90, TimeUnit.SECONDS);
    if (!exited) {
      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String printed = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(exited).as("the child exited; its output:%n%s", printed).isTrue();
    assertThat(child.exitValue()).as("exit status; output:%n%s", printed).isEqualTo(3);
    assertThat(collector.requests("/event")).isNotEmpty();
  }
}
