package io.atrack.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which threads keep the shutdown hook's intake open. */
class ShutdownActivityTest {
  private static StackTraceElement frame(String cls, String method) {
    return new StackTraceElement(cls, method, null, -1);
  }

  @Test
  void theExitThreadWaitingForHooksIsNotBusyButOneStillStartingThemIs() {
    assertThat(
            ShutdownActivity.busy(
                new StackTraceElement[] {
                  frame("java.lang.Thread", "join"),
                  frame("java.lang.ApplicationShutdownHooks", "runHooks"),
                  frame("java.lang.Shutdown", "exit")
                }))
        .isFalse();
    assertThat(
            ShutdownActivity.busy(
                new StackTraceElement[] {
                  frame("java.lang.Thread", "start0"),
                  frame("java.lang.Thread", "start"),
                  frame("java.lang.ApplicationShutdownHooks", "runHooks")
                }))
        .isTrue();
  }

  @Test
  void idlePoolWorkersAreNotBusyAndWorkingThreadsAre() {
    assertThat(
            ShutdownActivity.busy(
                new StackTraceElement[] {
                  frame("jdk.internal.misc.Unsafe", "park"),
                  frame("java.util.concurrent.ThreadPoolExecutor", "getTask"),
                  frame("java.util.concurrent.ThreadPoolExecutor", "runWorker")
                }))
        .isFalse();
    assertThat(
            ShutdownActivity.busy(
                new StackTraceElement[] {
                  frame("java.util.concurrent.CompletableFuture", "get"),
                  frame("com.example.GracefulShutdown", "run")
                }))
        .isTrue();
    assertThat(ShutdownActivity.busy(new StackTraceElement[0])).as("already ended").isFalse();
  }
}
