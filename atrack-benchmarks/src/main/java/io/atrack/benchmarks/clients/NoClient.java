package io.atrack.benchmarks.clients;

import java.time.Duration;

/** A client that does nothing: what the harness itself costs (timing, parking between calls). */
final class NoClient implements Client {
  private long calls;

  @Override
  public void send(int thread) {
    calls++;
  }

  @Override
  public boolean awaitDelivered(Duration timeout) {
    return true;
  }

  @Override
  public long rejected() {
    return 0;
  }

  @Override
  public long delivered() {
    return calls;
  }

  @Override
  public long failed() {
    return 0;
  }

  @Override
  public void close() {}
}
