package io.atrack.benchmarks.collector;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * The bytes of one non-blocking connection, plain or TLS ({@link SSLEngine}). Buffers are kept in
 * write mode (position = end of data): {@link #read} appends plaintext to {@code in}, {@link
 * #write} sends what {@code out} holds and compacts it. Not thread-safe: the collector's loop owns
 * it.
 */
abstract class Wire {
  final SocketChannel channel;

  Wire(SocketChannel channel) {
    this.channel = channel;
  }

  /** Appends received plaintext to {@code in}; returns bytes appended, or -1 at end of stream. */
  abstract int read(ByteBuffer in) throws IOException;

  /** True when bytes already received may yield more plaintext once {@code in} has room. */
  abstract boolean hasBufferedInput();

  /** Sends as much of {@code out} as the socket takes; true when nothing is left to send. */
  abstract boolean write(ByteBuffer out) throws IOException;

  static Wire plain(SocketChannel channel) {
    return new Wire(channel) {
      @Override
      int read(ByteBuffer in) throws IOException {
        return channel.read(in);
      }

      @Override
      boolean hasBufferedInput() {
        return false;
      }

      @Override
      boolean write(ByteBuffer out) throws IOException {
        out.flip();
        try {
          channel.write(out);
        } finally {
          out.compact();
        }
        return out.position() == 0;
      }
    };
  }

  static Wire tls(SocketChannel channel, SSLEngine engine) throws SSLException {
    engine.setUseClientMode(false);
    engine.beginHandshake();
    return new Tls(channel, engine);
  }

  /** TLS over the channel: a network buffer each way, the handshake driven by both directions. */
  private static final class Tls extends Wire {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private final SSLEngine engine;
    private final ByteBuffer netIn;
    private final ByteBuffer netOut;
    private boolean underflow;
    private boolean closed;

    Tls(SocketChannel channel, SSLEngine engine) {
      super(channel);
      this.engine = engine;
      int packet = engine.getSession().getPacketBufferSize();
      this.netIn = ByteBuffer.allocate(2 * packet);
      this.netOut = ByteBuffer.allocate(4 * packet);
    }

    @Override
    int read(ByteBuffer in) throws IOException {
      boolean eof = false;
      if (netIn.hasRemaining()) {
        eof = channel.read(netIn) < 0;
      }
      int produced = 0;
      // Bounded: each pass consumes a record, runs the handshake's tasks or sends its messages.
      for (int pass = 0; pass < 64 && !closed; pass++) {
        HandshakeStatus hs = engine.getHandshakeStatus();
        if (hs == HandshakeStatus.NEED_TASK) {
          runTasks();
          continue;
        }
        if (hs == HandshakeStatus.NEED_WRAP) {
          if (!wrap(EMPTY)) {
            break; // socket full: the loop's OP_WRITE resumes
          }
          continue;
        }
        if (netIn.position() == 0
            || in.remaining() < engine.getSession().getApplicationBufferSize()) {
          underflow = netIn.position() == 0;
          break;
        }
        netIn.flip();
        SSLEngineResult r;
        try {
          r = engine.unwrap(netIn, in);
        } finally {
          netIn.compact();
        }
        produced += r.bytesProduced();
        if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
          closed = true;
        } else if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
          underflow = true;
          if (engine.getHandshakeStatus() != HandshakeStatus.NEED_WRAP
              && engine.getHandshakeStatus() != HandshakeStatus.NEED_TASK) {
            break;
          }
        } else if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
          break;
        }
      }
      if (produced > 0) {
        underflow = false;
        return produced;
      }
      return eof || closed ? -1 : 0;
    }

    @Override
    boolean hasBufferedInput() {
      return !underflow && netIn.position() > 0;
    }

    @Override
    boolean write(ByteBuffer out) throws IOException {
      if (!flush()) {
        return false;
      }
      if (engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING) {
        return out.position() == 0; // application data waits for the handshake
      }
      out.flip();
      try {
        while (out.hasRemaining()) {
          if (!wrap(out)) {
            return false;
          }
        }
      } finally {
        out.compact();
      }
      return true;
    }

    /** Wraps some of {@code src} into netOut and sends it; false when the socket is full. */
    private boolean wrap(ByteBuffer src) throws IOException {
      SSLEngineResult r = engine.wrap(src, netOut);
      if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
        closed = true;
        throw new SSLException("TLS closed by the client");
      }
      if (engine.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
        runTasks();
      }
      return flush(); // after BUFFER_OVERFLOW too: an emptied netOut takes the next record
    }

    private boolean flush() throws IOException {
      netOut.flip();
      try {
        channel.write(netOut);
      } finally {
        netOut.compact();
      }
      return netOut.position() == 0;
    }

    private void runTasks() {
      Runnable task;
      while ((task = engine.getDelegatedTask()) != null) {
        task.run(); // on the loop: only during handshakes, a few per connection
      }
    }
  }
}
