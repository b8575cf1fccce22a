package io.atrack.local;

import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;

/**
 * Runs A-Track Local: {@code java -jar atrack-local-<version>.jar [--port N] [--data DIR]
 * [--strict] [--host H]}. Prints one line, {@code A-Track Local listening on
 * http://127.0.0.1:<port>}, then serves until the process is stopped (Ctrl-C closes the database
 * cleanly). A bad argument prints the usage and exits with status 2; a port or data folder that
 * cannot be used exits with status 1.
 */
public final class Main {
  private Main() {}

  /**
   * Starts the tool and blocks until the JVM is asked to stop.
   *
   * @param args the command line, see the class summary
   * @throws InterruptedException when the main thread is interrupted while serving
   */
  public static void main(String[] args) throws InterruptedException {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    LocalServer server;
    try {
      server = LocalServer.start(options);
    } catch (UncheckedIOException | IllegalStateException e) {
      System.err.println("A-Track Local could not start: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "atrack-local-shutdown"));
    System.out.println("A-Track Local listening on " + server.baseUrl());
    System.out.flush();
    stopped.await();
  }
}
