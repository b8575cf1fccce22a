package io.atrack.local;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * The command line: {@code [--port N] [--data DIR] [--strict] [--host H]}.
 *
 * @param host the address to listen on; {@code 127.0.0.1} unless {@code --host} says otherwise
 * @param port the port; {@value #DEFAULT_PORT} by default, {@code 0} for any free port
 * @param dataDir where the history database lives; {@code ./.atrack-local} by default
 * @param strict whether requests with problems are answered 400, as the API would
 */
record Options(InetAddress host, int port, Path dataDir, boolean strict) {
  static final int DEFAULT_PORT = 4318;
  static final String USAGE =
      "usage: java -jar atrack-local.jar [--port N] [--data DIR] [--strict] [--host H]\n"
          + "  --port N    port to listen on (default "
          + DEFAULT_PORT
          + "; 0 takes a free port)\n"
          + "  --data DIR  where the history is kept (default ./.atrack-local)\n"
          + "  --strict    answer requests with problems 400 {\"error\": ...}, as the API would\n"
          + "  --host H    address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)";

  /** The defaults: loopback, port {@value #DEFAULT_PORT}, {@code ./.atrack-local}, lenient. */
  static Options defaults() {
    return new Options(loopback(), DEFAULT_PORT, Path.of(".atrack-local"), false);
  }

  Options withPort(int p) {
    return new Options(host, p, dataDir, strict);
  }

  Options withDataDir(Path d) {
    return new Options(host, port, d, strict);
  }

  Options withStrict(boolean s) {
    return new Options(host, port, dataDir, s);
  }

  /**
   * Parses the command line.
   *
   * @throws IllegalArgumentException naming the flag at fault; {@code --help} throws with the usage
   */
  static Options parse(String... args) {
    Options o = defaults();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--strict" -> o = o.withStrict(true);
        case "--port" -> o = o.withPort(port(value(args, ++i, arg)));
        case "--data" -> o = o.withDataDir(Path.of(value(args, ++i, arg)));
        case "--host" -> o = new Options(host(value(args, ++i, arg)), o.port, o.dataDir, o.strict);
        case "--help", "-h" -> throw new IllegalArgumentException(USAGE);
        default -> throw new IllegalArgumentException("unknown argument " + arg + "\n" + USAGE);
      }
    }
    return o;
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
    }
    return args[i];
  }

  private static int port(String text) {
    try {
      int p = Integer.parseInt(text);
      if (p >= 0 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--port must be a number in 0..65535, was " + text);
  }

  private static InetAddress host(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--host " + text + ": unknown host", e);
    }
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new AssertionError("a four-byte address is always valid", e);
    }
  }
}
