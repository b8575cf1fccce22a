package io.atrack.sdk.internal.delivery;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.reflect.Method;

/**
 * Logs a WARNING from the JVM's shutdown hook so that it is not lost. Internal: not API.
 *
 * <p>The JDK's own logging (java.util.logging, behind {@code System.Logger} by default) has a
 * shutdown hook of its own that resets the log manager, which removes every handler; the hooks run
 * at the same time, so a line logged after that reset goes nowhere. When the backend is JUL and its
 * root logger has no handler left, the line also goes to {@code System.err}. JUL is reached by
 * reflection so the core needs no module but {@code java.base}.
 */
final class ExitLog {
  private ExitLog() {}

  /** Logs {@code message} at WARNING on {@code logger}, and on stderr if JUL was reset. */
  public static void warn(Logger logger, String message) {
    logger.log(Level.WARNING, message);
    if (isJulBackend(logger) && julWasReset()) {
      System.err.println("WARNING " + logger.getName() + ": " + message);
    }
  }

  private static boolean isJulBackend(Logger logger) {
    String backend = logger.getClass().getName();
    return backend.startsWith("jdk.internal.logger.") || backend.startsWith("sun.util.logging.");
  }

  private static boolean julWasReset() {
    try {
      Class<?> jul = Class.forName("java.util.logging.Logger");
      Object root = jul.getMethod("getLogger", String.class).invoke(null, "");
      Method handlers = jul.getMethod("getHandlers");
      return ((Object[]) handlers.invoke(root)).length == 0;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return false; // no JUL: nothing to make up for
    }
  }
}
