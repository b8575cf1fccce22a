package io.atrack.local;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The page's live feed: server-sent events on {@code GET /api/stream}. Each stored request is one
 * {@code request} event (its id as the event id, the API's JSON as data); {@code cleared} and
 * {@code faults} say what the names say; {@code resync} asks the page to reload a page of requests
 * because events were dropped.
 *
 * <p>One daemon thread, {@code atrack-local-events}, writes to every open stream, so a request
 * never waits for a browser. Its queue is bounded: when a burst outruns the browsers, events are
 * dropped and one {@code resync} follows. A comment line every {@value #HEARTBEAT_SECONDS} seconds
 * finds closed tabs.
 */
final class EventStream implements AutoCloseable {
  static final int HEARTBEAT_SECONDS = 15;
  private static final int QUEUE = 10_000;
  private static final byte[] STOP = new byte[0];

  private final Set<Client> clients = new CopyOnWriteArraySet<>();
  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE);
  private final AtomicBoolean overflowed = new AtomicBoolean();
  private final Thread writer;
  private volatile boolean closed;

  EventStream() {
    writer = new Thread(this::run, "atrack-local-events");
    writer.setDaemon(true);
    writer.start();
  }

  void publishRequest(StoredRequest request) {
    publish("request", Long.toString(request.id()), request.toJson());
  }

  void publishCleared() {
    publish("cleared", null, "{}");
  }

  void publishFaults(Map<String, Object> faults) {
    publish("faults", null, LocalJson.write(faults));
  }

  /** How many pages are listening. */
  int clients() {
    return clients.size();
  }

  private void publish(String event, @Nullable String id, String data) {
    if (clients.isEmpty() || closed) {
      return;
    }
    StringBuilder sb = new StringBuilder(data.length() + 64).append("event: ").append(event);
    if (id != null) {
      sb.append("\nid: ").append(id);
    }
    // The API's JSON has no raw line breaks (they are escaped in strings), so it is one data line.
    sb.append("\ndata: ").append(data).append("\n\n");
    if (!queue.offer(sb.toString().getBytes(UTF_8))) {
      overflowed.set(true);
    }
  }

  /** Answers {@code GET /api/stream} and keeps the exchange open for the writer. */
  void open(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, 0); // chunked: a stream with no end
    Client client = new Client(exchange);
    // Reconnect after a second when the tool restarts; the page reloads what it missed.
    client.write("retry: 1000\n: connected\n\n".getBytes(UTF_8));
    clients.add(client);
    if (closed) {
      client.close();
    }
  }

  private void run() {
    List<byte[]> batch = new ArrayList<>();
    while (!closed) {
      byte[] first;
      try {
        first = queue.poll(HEARTBEAT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (first == STOP) {
        return;
      }
      batch.clear();
      if (first == null) {
        batch.add(": ping\n\n".getBytes(UTF_8));
      } else {
        batch.add(first);
        queue.drainTo(batch, 500);
      }
      if (overflowed.getAndSet(false)) {
        batch.clear();
        batch.add("event: resync\ndata: {}\n\n".getBytes(UTF_8));
      }
      List<Client> gone = new ArrayList<>();
      for (Client c : clients) {
        try {
          for (byte[] b : batch) {
            if (b != STOP) {
              c.out.write(b);
            }
          }
          c.out.flush();
        } catch (IOException e) {
          gone.add(c); // the tab was closed
        }
      }
      if (!gone.isEmpty()) {
        clients.removeAll(gone);
        gone.forEach(Client::close);
      }
      if (batch.contains(STOP)) {
        return;
      }
    }
  }

  /** Closes every stream and stops the writer. */
  @Override
  public void close() {
    closed = true;
    queue.clear();
    queue.offer(STOP);
    try {
      writer.join(TimeUnit.SECONDS.toMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Client c : clients) {
      c.close();
    }
    clients.clear();
  }

  private static final class Client {
    final HttpExchange exchange;
    final OutputStream out;

    Client(HttpExchange exchange) {
      this.exchange = exchange;
      this.out = exchange.getResponseBody();
    }

    void write(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
    }

    void close() {
      exchange.close();
    }
  }
}
