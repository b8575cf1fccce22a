package io.atrack.benchmarks.jmh;

import io.atrack.benchmarks.clients.Client;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Caller-thread cost of one call, in bursts: each invocation makes {@value #BURST} calls back to
 * back on each thread, then waits (outside the measurement) until everything was delivered to the
 * collector. So the queue never fills and the accept path is what is measured, with delivery
 * running on the client's own threads during the burst. {@code -prof gc} gives B/op; note that
 * JMH's gc.alloc.rate.norm counts every thread of the JVM (delivery threads included), so the
 * caller thread's own bytes per call come from {@code CallerLatency} instead.
 *
 * <p>The collector is {@code -Dcollector=http://127.0.0.1:PORT} (nginx from run.sh); without it, an
 * in-process one answers ({@link CollectorTarget}), which adds its CPU to the process.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class CallerCostBenchmark {
  static final int BURST = 1000;

  @Param({"atrack", "atrack-outbox", "segment", "posthog"})
  public String client;

  Client sdk;
  private CollectorTarget collector;
  private long calls;

  @Setup(Level.Trial)
  public void start() throws IOException {
    collector = CollectorTarget.fromProperty();
    String url = collector.url();
    sdk = Client.create(client, url, 0);
  }

  @TearDown(Level.Trial)
  public void stop() {
    System.out.println();
    System.out.println(
        "# "
            + client
            + ": rejected "
            + sdk.rejected()
            + ", delivered "
            + sdk.delivered()
            + ", failed "
            + sdk.failed()
            + " of about "
            + calls
            + " calls");
    sdk.close();
    collector.close();
  }

  /** One caller thread, with the scope and user the client needs set up on that thread. */
  @State(Scope.Thread)
  public static class Caller {
    int id;
    Thread owner;

    @Setup(Level.Trial)
    public void prepare(CallerCostBenchmark b, ThreadParams params) {
      id = params.getThreadIndex();
      owner = Thread.currentThread();
      b.sdk.prepareThread(id);
    }

    void ensurePrepared(CallerCostBenchmark b) {
      if (owner != Thread.currentThread()) {
        owner = Thread.currentThread();
        b.sdk.prepareThread(id);
      }
    }

    @TearDown(Level.Invocation)
    public void drain(CallerCostBenchmark b) throws InterruptedException {
      b.calls += BURST;
      if (!b.sdk.awaitDelivered(Duration.ofSeconds(60))) {
        throw new IllegalStateException("not delivered within 60 s");
      }
    }
  }

  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(BURST)
  public void burst_1thread(Caller caller) {
    caller.ensurePrepared(this);
    for (int i = 0; i < BURST; i++) {
      sdk.send(caller.id);
    }
  }

  @Benchmark
  @Threads(4)
  @OperationsPerInvocation(BURST)
  public void burst_4threads(Caller caller) {
    caller.ensurePrepared(this);
    for (int i = 0; i < BURST; i++) {
      sdk.send(caller.id);
    }
  }
}
