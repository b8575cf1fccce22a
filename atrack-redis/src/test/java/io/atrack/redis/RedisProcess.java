package io.atrack.redis;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One real {@code redis-server} on a free loopback port, started by the test and stopped after it:
 * no persistence ({@code --save '' --appendonly no}), its files in a temporary folder. CI installs
 * the server ({@code .ci/run}); a machine without it fails here, loudly.
 */
final class RedisProcess implements AutoCloseable {
  /** Servers still running, stopped by a shutdown hook if the test JVM is stopped first. */
  private static final java.util.Set<Process> LIVE =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroy), "redis-test-cleanup"));
  }

  private final int port;
  private final Path dir;
  private final List<String> extraArgs;
  private Process process;

  private RedisProcess(int port, Path dir, List<String> extraArgs) {
    this.port = port;
    this.dir = dir;
    this.extraArgs = extraArgs;
  }

  /** A standalone server, started and answering PING. */
  static RedisProcess standalone() throws IOException {
    RedisProcess p =
        new RedisProcess(freePort(false), Files.createTempDirectory("atrack-redis"), List.of());
    p.start();
    return p;
  }

  /** A cluster-enabled node (not yet in a cluster), started and answering PING. */
  static RedisProcess clusterNode(Path dir) throws IOException {
    int port = freePort(true);
    RedisProcess p =
        new RedisProcess(
            port,
            dir,
            List.of(
                "--cluster-enabled",
                "yes",
                "--cluster-config-file",
                "nodes-" + port + ".conf",
                "--cluster-node-timeout",
                "2000"));
    p.start();
    return p;
  }

  int port() {
    return port;
  }

  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Starts the server (again, after {@link #stop()}: same port, empty data). */
  void start() throws IOException {
    List<String> command = new ArrayList<>();
    command.add("redis-server");
    command.addAll(
        List.of(
            "--port",
            Integer.toString(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            dir.toString()));
    command.addAll(extraArgs);
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis-" + port + ".log").toFile())
            .start();
    LIVE.add(process);
    await("redis-server on port " + port)
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> "+PONG".equals(command("PING")));
  }

  /** Stops the server and waits for it to exit. */
  void stop() throws InterruptedException {
    Process p = process;
    if (p == null) {
      return;
    }
    p.destroy();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    LIVE.remove(p);
    process = null;
  }

  /** One inline command's first reply line ({@code +PONG}), or null when nobody answers. */
  String command(String inline) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      s.setSoTimeout(2000);
      OutputStream out = s.getOutputStream();
      out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      StringBuilder line = new StringBuilder();
      int b;
      while ((b = in.read()) >= 0 && b != '\r') {
        line.append((char) b);
      }
      return line.toString();
    } catch (IOException e) {
      return null;
    }
  }

  /** Runs {@code redis-cli} with {@code args} against this server and returns its output. */
  String cli(String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", "" + port));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("redis-cli " + String.join(" ", args) + " did not finish");
    }
    return out;
  }

  @Override
  public void close() throws Exception {
    stop();
    deleteTree(dir);
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }

  /** A free loopback port; for a cluster node, its bus port (port + 10000) free too. */
  private static int freePort(boolean withBus) throws IOException {
    for (int i = 0; i < 50; i++) {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      if (!withBus) {
        return port;
      }
      if (port + 10000 < 65536) {
        try (ServerSocket bus =
            new ServerSocket(port + 10000, 1, InetAddress.getLoopbackAddress())) {
          return port;
        } catch (IOException busy) {
          // try another
        }
      }
    }
    throw new IOException("no free loopback port pair found");
  }
}
