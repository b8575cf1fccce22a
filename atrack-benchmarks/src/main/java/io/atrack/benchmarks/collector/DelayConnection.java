package io.atrack.benchmarks.collector;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * One client connection of the {@link DelayCollector}: its requests parsed as they arrive, their
 * answers queued in order and each sent once it is due and every answer before it has been sent.
 * Reading pauses while too many answers wait or too many bytes are unsent (a client that pipelines
 * without reading), so a connection holds a bounded amount. Owned by the collector's loop thread.
 */
final class DelayConnection implements RequestParser.Listener {
  /** Most answers waiting on one connection before it stops reading (resumes at half). */
  static final int MAX_PENDING = 16_384;

  /** Most unsent bytes on one connection before it stops reading. */
  private static final int MAX_OUT = 1 << 20;

  /** One answer: sent when {@code ready} and first in its connection's queue. */
  static final class Answer {
    final DelayConnection connection;
    long due;
    final byte[] bytes;
    final boolean close;
    final boolean delayed;
    boolean scheduled;
    boolean ready;

    Answer(DelayConnection connection, long due, byte[] bytes, boolean close, boolean ready) {
      this.connection = connection;
      this.due = due;
      this.bytes = bytes;
      this.close = close;
      this.ready = ready;
      this.delayed = !ready;
    }
  }

  private final DelayCollector owner;
  private final Wire wire;
  private final SelectionKey key;
  private final RequestParser parser;
  private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
  private ByteBuffer out = ByteBuffer.allocate(16 * 1024);
  private final ArrayDeque<Answer> answers = new ArrayDeque<>();
  private long receivedAt;
  private boolean closing;
  private boolean stopped;
  private boolean paused;
  private boolean closed;
  private int delayedPending; // delayed answers queued and not yet sent

  DelayConnection(DelayCollector owner, Wire wire, SelectionKey key, RequestParser parser) {
    this.owner = owner;
    this.wire = wire;
    this.key = key;
    this.parser = parser;
  }

  boolean closed() {
    return closed;
  }

  /** Reads what arrived, parses every complete request in it and sends what is due. */
  void onReadable() {
    try {
      receivedAt = System.nanoTime();
      int n = wire.read(in);
      parse();
      // Bounded: TLS may hold more records than fit in `in` at once.
      for (int i = 0; i < 16 && n >= 0 && !paused && wire.hasBufferedInput(); i++) {
        n = wire.read(in);
        parse();
      }
      if (n < 0) {
        close();
        return;
      }
      send();
    } catch (IOException | RuntimeException e) {
      close();
    }
  }

  void onWritable() {
    try {
      send();
    } catch (IOException | RuntimeException e) {
      close();
    }
  }

  /** Called by the loop when an answer of this connection came due. */
  void onDue() {
    onWritable();
  }

  private void parse() {
    in.flip();
    int pos = parser.parse(in.array(), in.position(), in.limit(), this);
    in.position(pos);
    in.compact();
  }

  @Override
  public void request(boolean stats, boolean close, int events, boolean gzip) {
    if (stats) {
      byte[] body = owner.statsLine().getBytes(StandardCharsets.US_ASCII);
      queue(response(200, "text/plain", body, close), receivedAt, true, close);
    } else {
      owner.counted(events, gzip);
      long due = receivedAt + owner.delayNanos();
      boolean ready = owner.delayNanos() == 0;
      Answer a = queue(close ? DelayCollector.OK_CLOSE : DelayCollector.OK, due, ready, close);
      if (!ready) {
        // serial: a server that reads the next request only after answering the last (nginx
        // and most proxies) starts this one's delay when the answer before it has gone out.
        if (!owner.serial() || delayedPending == 0) {
          owner.schedule(a);
        }
        delayedPending++;
      }
    }
    if (close) {
      stopReading();
    } else if (answers.size() >= MAX_PENDING) {
      pause(true);
    }
  }

  @Override
  public void refuse(int status) {
    owner.refused();
    queue(response(status, "text/plain", new byte[0], true), receivedAt, true, true);
    stopReading();
  }

  private Answer queue(byte[] bytes, long due, boolean ready, boolean close) {
    Answer a = new Answer(this, due, bytes, close, ready);
    answers.add(a);
    return a;
  }

  /** Moves ready answers at the head of the queue into {@code out}, then writes. */
  private void send() throws IOException {
    // Bounded: a resumed connection parses what it holds, whose answers may be ready at once.
    for (int round = 0; round < 4 && !closed; round++) {
      Answer head;
      while (!closing && (head = answers.peek()) != null && head.ready) {
        if (out.remaining() < head.bytes.length) {
          if (out.capacity() >= MAX_OUT) {
            break;
          }
          ByteBuffer bigger = ByteBuffer.allocate(Math.min(MAX_OUT, out.capacity() * 2));
          out.flip();
          bigger.put(out);
          out = bigger;
          continue;
        }
        out.put(head.bytes);
        answers.poll();
        if (head.delayed) {
          delayedPending--;
        }
        Answer next = answers.peek();
        if (owner.serial() && next != null && next.delayed && !next.scheduled) {
          next.due = System.nanoTime() + owner.delayNanos();
          owner.schedule(next);
        }
        if (head.close) {
          closing = true; // the last answer: close once it is written
          answers.clear();
        }
      }
      boolean flushed = wire.write(out);
      if (flushed && closing) {
        close();
        return;
      }
      int ops = key.interestOps();
      int want = flushed ? ops & ~SelectionKey.OP_WRITE : ops | SelectionKey.OP_WRITE;
      if (want != ops) {
        key.interestOps(want);
      }
      if (paused && !stopped && answers.size() < MAX_PENDING / 2 && out.position() < MAX_OUT / 2) {
        pause(false);
        int before = answers.size();
        parse(); // requests that arrived while paused, already in `in`
        if (answers.size() != before) {
          continue;
        }
      } else if (!paused && out.position() >= MAX_OUT) {
        pause(true);
      }
      return;
    }
  }

  private void pause(boolean pause) {
    paused = pause;
    int ops = key.interestOps();
    key.interestOps(pause ? ops & ~SelectionKey.OP_READ : ops | SelectionKey.OP_READ);
  }

  private void stopReading() {
    stopped = true;
    pause(true);
  }

  void close() {
    if (closed) {
      return;
    }
    closed = true;
    key.cancel();
    try {
      wire.channel.close();
    } catch (IOException e) {
      // closing anyway
    }
    owner.closed(this);
  }

  static byte[] response(int status, String type, byte[] body, boolean close) {
    String reason =
        switch (status) {
          case 200 -> "OK";
          case 400 -> "Bad Request";
          case 413 -> "Content Too Large";
          case 431 -> "Request Header Fields Too Large";
          default -> "Error";
        };
    byte[] head =
        ("HTTP/1.1 "
                + status
                + " "
                + reason
                + "\r\ncontent-type: "
                + type
                + "\r\ncontent-length: "
                + body.length
                + (close ? "\r\nconnection: close" : "")
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[head.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    return all;
  }
}
