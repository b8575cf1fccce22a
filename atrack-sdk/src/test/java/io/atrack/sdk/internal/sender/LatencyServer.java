package io.atrack.sdk.internal.sender;

import static io.atrack.sdk.internal.sender.NioCalls.bodyOf;
import static io.atrack.sdk.internal.sender.NioCalls.echo;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback server that answers every request {@code delay} after reading it, echoing its body, in
 * order per connection (so pipelining-safe), and counts the requests read and not answered yet over
 * all connections. Its threads are named {@value #THREAD_PREFIX}…, so a test can tell them from the
 * client's.
 */
final class LatencyServer implements AutoCloseable {

  static final String THREAD_PREFIX = "latency-server-";

  private final ServerSocket server;
  private final long delayNanos;
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger outstanding = new AtomicInteger();
  private final AtomicInteger maxOutstanding = new AtomicInteger();
  private final AtomicLong sequence = new AtomicLong();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();

  /** Whether a connection's next request is read only once the last one is answered. */
  private final boolean oneAtATime;

  LatencyServer(long delay, TimeUnit unit) throws IOException {
    this(delay, unit, false);
  }

  /**
   * A server answering {@code delay} after reading; {@code oneAtATime}: reading a connection's next
   * request only once the last one is answered, as many proxies do, so pipelined requests wait.
   */
  LatencyServer(long delay, TimeUnit unit, boolean oneAtATime) throws IOException {
    this.delayNanos = unit.toNanos(delay);
    this.oneAtATime = oneAtATime;
    this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    start(THREAD_PREFIX + "accept", this::accept);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
  }

  int accepted() {
    return accepted.get();
  }

  /** The most requests read and not answered at any one time. */
  int maxOutstanding() {
    return maxOutstanding.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket socket;
      try {
        socket = server.accept();
        socket.setTcpNoDelay(true);
      } catch (IOException e) {
        return;
      }
      sockets.add(socket);
      int index = accepted.getAndIncrement();
      DelayQueue<Answer> answers = new DelayQueue<>();
      Semaphore turn = new Semaphore(oneAtATime ? 1 : Integer.MAX_VALUE / 2);
      start(THREAD_PREFIX + "read-" + index, () -> read(socket, answers, turn));
      start(THREAD_PREFIX + "write-" + index, () -> write(socket, answers, turn));
    }
  }

  private void read(Socket socket, DelayQueue<Answer> answers, Semaphore turn) {
    try {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      String request;
      while (turn.tryAcquire(10, TimeUnit.SECONDS)
          && (request = RawServer.readRequest(in)) != null) {
        maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
        byte[] answer = echo(bodyOf(request)).getBytes(StandardCharsets.ISO_8859_1);
        answers.add(new Answer(answer, System.nanoTime() + delayNanos, sequence.incrementAndGet()));
      }
    } catch (IOException e) {
      // The client went away.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      answers.add(Answer.END);
    }
  }

  private void write(Socket socket, DelayQueue<Answer> answers, Semaphore turn) {
    try (socket) {
      OutputStream out = socket.getOutputStream();
      while (true) {
        Answer answer = answers.take();
        if (answer.isEnd()) {
          return;
        }
        // Before the answer leaves: the client may send its next request as soon as it arrives,
        // and that one must not be counted beside the one it replaced.
        outstanding.decrementAndGet();
        out.write(answer.bytes);
        out.flush();
        turn.release();
      }
    } catch (IOException e) {
      // The client went away.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void start(String name, Runnable task) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
    for (Thread t : threads) {
      t.interrupt();
    }
  }

  /** An answer due at {@code due}; ties go by arrival, so a connection's answers stay in order. */
  @SuppressWarnings("ArrayRecordComponent") // written as is, never compared
  private record Answer(byte[] bytes, long due, long sequence) implements Delayed {
    // Sorts last: after every answer the reader queued before it.
    static final Answer END = new Answer(new byte[0], Long.MIN_VALUE, Long.MAX_VALUE);

    boolean isEnd() {
      return sequence == Long.MAX_VALUE;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return isEnd() ? 0 : unit.convert(due - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(sequence, ((Answer) other).sequence);
    }
  }
}
