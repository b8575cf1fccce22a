package io.atrack.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One recorded request still to be answered, and the response chosen for it. Exactly one of {@link
 * #send()} and {@link #drop()} takes effect, whichever comes first, so a timer or a resume racing a
 * stop never writes to a connection that was already closed.
 */
final class Reply {
  final Session session;
  final HttpExchange exchange;
  final Response response;
  private final AtomicBoolean done = new AtomicBoolean();

  Reply(Session session, HttpExchange exchange, Response response) {
    this.session = session;
    this.exchange = exchange;
    this.response = response;
  }

  /** Sends the response (or drops the connection when that is the response). */
  void send() {
    if (!done.compareAndSet(false, true)) {
      return;
    }
    try {
      if (response.kind() == Response.Kind.ANSWER) {
        write();
      }
    } catch (IOException e) {
      // The client left or the collector stopped meanwhile: there is no one to tell.
    } finally {
      // Before sendResponseHeaders this closes the TCP connection with no answer at all,
      // which is what dropConnection() and stop() need.
      exchange.close();
    }
  }

  /** Closes the connection without an answer, unless the response went out already. */
  void drop() {
    if (done.compareAndSet(false, true)) {
      exchange.close();
    }
  }

  private void write() throws IOException {
    byte[] body = response.bodyBytes();
    int code = response.code();
    boolean noBody =
        body.length == 0
            || code == 204
            || code == 304
            || "HEAD".equals(exchange.getRequestMethod());
    if (!noBody) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
    }
    for (Map.Entry<String, String> h : response.headers()) {
      exchange.getResponseHeaders().set(h.getKey(), h.getValue());
    }
    // -1: no body at all; a positive length: fixed length, never chunked.
    exchange.sendResponseHeaders(code, noBody ? -1 : body.length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
