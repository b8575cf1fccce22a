package io.atrack.benchmarks.jmh;

import io.atrack.redis.RedisUserStorage;
import io.atrack.sdk.ATrack;
import io.atrack.sdk.InitRequest;
import io.atrack.sdk.storage.MemoryUserStorage;
import io.atrack.sdk.storage.UserStorage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Caller-thread cost of {@code init(InitRequest.forUser(newUuid))} with Redis storage beside memory
 * storage: the storage work runs in the user's lane on a delivery thread, so the caller should pay
 * the same either way. Bursts of {@value #BURST} inits of new users (each one a Redis HSETNX in the
 * lane), everything delivered and stored between invocations, so the queue never fills.
 *
 * <p>Redis is a {@code redis-server} this benchmark starts on a free loopback port (it must be on
 * the PATH: {@code apt-get install redis-server}); the collector is {@code -Dcollector=URL} or an
 * in-process one.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class InitCostBenchmark {
  static final int BURST = 1000;

  @Param({"memory", "redis"})
  public String storage;

  private ATrack sdk;
  private UserStorage users;
  private CollectorTarget collector;
  private Process redis;
  private Path redisDir;
  private long next;

  @Setup(Level.Trial)
  public void start() throws Exception {
    collector = CollectorTarget.fromProperty();
    String url = collector.url();
    if (storage.equals("redis")) {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      redisDir = Files.createTempDirectory("atrack-bench-redis");
      redis =
          new ProcessBuilder(
                  "redis-server",
                  "--port",
                  "" + port,
                  "--bind",
                  "127.0.0.1",
                  "--save",
                  "",
                  "--appendonly",
                  "no",
                  "--dir",
                  redisDir.toString())
              .redirectErrorStream(true)
              .redirectOutput(redisDir.resolve("redis.log").toFile())
              .start();
      RedisUserStorage r = null;
      for (int i = 0; i < 200 && r == null; i++) { // bounded: up to ~10 s for the server to start
        RedisUserStorage attempt =
            RedisUserStorage.builder().uri("redis://127.0.0.1:" + port).build();
        try {
          attempt.recordIfAbsent("warm-up");
          r = attempt;
        } catch (RuntimeException e) {
          attempt.close();
          TimeUnit.MILLISECONDS.sleep(50); // setup only, outside any measurement
        }
      }
      if (r == null) {
        throw new IOException("redis-server did not start on port " + port);
      }
      users = r;
    } else {
      users = new MemoryUserStorage();
    }
    sdk =
        ATrack.builder()
            .publicKey("pub_bench_0123456789abcdef")
            .baseUrl(url)
            .storage(users)
            .shutdownHook(false)
            .build();
  }

  @TearDown(Level.Invocation)
  public void drain() {
    sdk.flush().join();
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    System.out.println();
    System.out.println(
        "# "
            + storage
            + ": delivered "
            + sdk.stats().delivered()
            + ", failed "
            + sdk.stats().failed()
            + ", storage failures "
            + sdk.stats().storageFailures());
    sdk.close();
    if (users instanceof RedisUserStorage r) {
      r.close();
    }
    if (redis != null) {
      redis.destroy();
      redis.waitFor(10, TimeUnit.SECONDS);
      try (var files = Files.walk(redisDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    collector.close();
  }

  /**
   * The caller thread's own CPU time over the bursts (ThreadMXBean), beside JMH's wall clock: on 2
   * shared cores the wall clock of a burst mostly measures the scheduler (the delivery threads,
   * redis-server and the collector run during it); the caller's CPU is what the call costs it.
   * Divide {@code callerCpuNanos} by {@code calls}.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class CallerCpu {
    public long callerCpuNanos;
    public long calls;
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(BURST)
  @SuppressWarnings("FutureReturnValueIgnored") // fire and forget, as a caller of init would
  public void initNewUsers_burst(CallerCpu cpu) {
    long start = THREADS.getCurrentThreadCpuTime();
    for (int i = 0; i < BURST; i++) {
      sdk.init(InitRequest.forUser("bench-user-" + next++));
    }
    cpu.callerCpuNanos += THREADS.getCurrentThreadCpuTime() - start;
    cpu.calls += BURST;
  }
}
