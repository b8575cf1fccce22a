package io.atrack.benchmarks.clients;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The practical limit for one request per event: one keep-alive HTTP/1.1 connection on a blocking
 * socket, a request written with one {@code write}, the answer's head parsed from a reused buffer
 * and its content-length body skipped. No pool, no retries, no timeouts: only what every
 * one-request-per-event client must do. One instance per thread.
 *
 * <p>For an {@code https} endpoint the socket is an {@link SSLSocket} (the JDK's default protocols
 * and ciphers, host name verified, trusting {@link CollectorTrust}), handshaken once; each request
 * is still one {@code write}, so one TLS record per request: the minimal TLS client.
 */
public final class MinimalSocketClient implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final byte[] head;
  private byte[] write = new byte[8192];
  private final byte[] read = new byte[8192];
  private int pos;
  private int limit;

  public MinimalSocketClient(URI endpoint, String publicKey) throws IOException {
    Socket tcp = new Socket();
    tcp.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()));
    tcp.setTcpNoDelay(true);
    if (endpoint.getScheme().equals("https")) {
      SSLSocket tls =
          (SSLSocket)
              CollectorTrust.context()
                  .getSocketFactory()
                  .createSocket(tcp, endpoint.getHost(), endpoint.getPort(), true);
      SSLParameters params = tls.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      tls.setSSLParameters(params);
      tls.startHandshake();
      socket = tls;
    } else {
      socket = tcp;
    }
    out = socket.getOutputStream();
    in = socket.getInputStream();
    head =
        ("POST "
                + endpoint.getRawPath()
                + " HTTP/1.1\r\n"
                + "host: "
                + endpoint.getHost()
                + ":"
                + endpoint.getPort()
                + "\r\n"
                + "x-a-track-key: "
                + publicKey
                + "\r\n"
                + "content-type: application/json\r\n"
                + "user-agent: a-track-java/bench-minimal\r\n"
                + "content-length: ")
            .getBytes(StandardCharsets.US_ASCII);
  }

  /** Sends one POST and returns the status code. */
  public int post(byte[] body) throws IOException {
    int n = frame(body, 0);
    out.write(write, 0, n);
    return readResponse();
  }

  /** Appends one request (head, content-length, body) to {@code write} at {@code n}. */
  private int frame(byte[] body, int n) {
    byte[] len = Integer.toString(body.length).getBytes(StandardCharsets.US_ASCII);
    int need = n + head.length + len.length + 4 + body.length;
    if (need > write.length) {
      write = java.util.Arrays.copyOf(write, Math.max(need, write.length * 2));
    }
    System.arraycopy(head, 0, write, n, head.length);
    n += head.length;
    System.arraycopy(len, 0, write, n, len.length);
    n += len.length;
    write[n++] = '\r';
    write[n++] = '\n';
    write[n++] = '\r';
    write[n++] = '\n';
    System.arraycopy(body, 0, write, n, body.length);
    return n + body.length;
  }

  /**
   * HTTP/1.1 pipelining: writes every request in one {@code write}, then reads the answers in
   * order. Returns how many were not 200. Shows what one request per event could cost if requests
   * travelled in batches on one connection.
   */
  public int postPipelined(byte[][] bodies, int count) throws IOException {
    int n = 0;
    for (int k = 0; k < count; k++) {
      n = frame(bodies[k], n);
    }
    out.write(write, 0, n);
    int bad = 0;
    for (int k = 0; k < count; k++) {
      if (readResponse() != 200) {
        bad++;
      }
    }
    return bad;
  }

  private int readResponse() throws IOException {
    // Head: up to CRLFCRLF. Status at bytes 9..11; content-length anywhere in the head.
    int end;
    while ((end = indexOfHeadEnd(pos)) < 0) {
      fill();
    }
    int start = pos;
    int status =
        (read[start + 9] - '0') * 100 + (read[start + 10] - '0') * 10 + (read[start + 11] - '0');
    long contentLength = contentLength(start, end);
    pos = end + 4;
    while (contentLength > 0) {
      if (pos == limit) {
        fill();
      }
      int take = (int) Math.min(contentLength, limit - pos);
      pos += take;
      contentLength -= take;
    }
    return status;
  }

  private int indexOfHeadEnd(int from) {
    for (int i = from; i + 3 < limit; i++) {
      if (read[i] == '\r' && read[i + 1] == '\n' && read[i + 2] == '\r' && read[i + 3] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private long contentLength(int start, int end) {
    // Case-insensitive search for "content-length:" at a line start.
    for (int i = start; i < end; i++) {
      if (read[i] == '\n' && i + 16 < end && matches(i + 1, "content-length:")) {
        int j = i + 16;
        while (read[j] == ' ') {
          j++;
        }
        long v = 0;
        while (read[j] >= '0' && read[j] <= '9') {
          v = v * 10 + (read[j++] - '0');
        }
        return v;
      }
    }
    return 0;
  }

  private boolean matches(int at, String lower) {
    for (int k = 0; k < lower.length(); k++) {
      if ((read[at + k] | 0x20) != lower.charAt(k) && read[at + k] != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private void fill() throws IOException {
    if (pos == limit) {
      pos = 0;
      limit = 0;
    } else if (limit == read.length) {
      System.arraycopy(read, pos, read, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    int n = in.read(read, limit, read.length - limit);
    if (n < 0) {
      throw new IOException("connection closed by the collector");
    }
    limit += n;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
