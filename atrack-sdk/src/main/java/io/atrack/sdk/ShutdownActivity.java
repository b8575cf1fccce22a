package io.atrack.sdk;

/**
 * During JVM shutdown, tells whether code other than the JVM's exit sequence may still call the
 * client: another shutdown hook finishing its work (a server draining its requests), or any other
 * live non-daemon thread that is not idle in a thread pool.
 *
 * <p>Runs only in the shutdown hook, a few times a second at most, so walking the threads is
 * affordable. Daemon threads do not count: the JVM never waits for them either.
 */
final class ShutdownActivity {
  private ShutdownActivity() {}

  static boolean othersBusy(Thread self) {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads = new Thread[root.activeCount() + 16];
    int n = root.enumerate(threads, true);
    for (int i = 0; i < n; i++) {
      Thread t = threads[i];
      if (t != self && t.isAlive() && !t.isDaemon() && busy(t.getStackTrace())) {
        return true;
      }
    }
    return false;
  }

  /** Whether a thread with this stack may still make calls. */
  static boolean busy(StackTraceElement[] stack) {
    boolean starting = false;
    for (StackTraceElement frame : stack) {
      String cls = frame.getClassName();
      String method = frame.getMethodName();
      if (cls.equals("java.lang.Thread") && method.startsWith("start")) {
        starting = true;
      }
      // The thread running the exit sequence (System.exit's caller, DestroyJavaVM, a signal
      // handler) waits for the hooks, ours included; while it is still starting them, the hooks
      // not yet started will be busy.
      if (cls.equals("java.lang.ApplicationShutdownHooks")) {
        return starting;
      }
      if (cls.equals("java.lang.Shutdown")) {
        return false;
      }
      // Idle pool workers wait for work that only a busy thread could give them.
      if ((cls.equals("java.util.concurrent.ThreadPoolExecutor") && method.equals("getTask"))
          || (cls.equals("java.util.concurrent.ForkJoinPool") && method.equals("awaitWork"))
          || method.equals("idleJobPoll")) {
        return false;
      }
    }
    return stack.length > 0;
  }
}
