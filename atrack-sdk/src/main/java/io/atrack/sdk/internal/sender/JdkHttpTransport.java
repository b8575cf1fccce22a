package io.atrack.sdk.internal.sender;

import io.atrack.sdk.transport.Transport;
import io.atrack.sdk.transport.TransportRequest;
import io.atrack.sdk.transport.TransportResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Transport} over {@code java.net.http.HttpClient}: the SDK's transport when the JVM's
 * proxy settings name an HTTP proxy for the API host. Internal: not API.
 *
 * <p>{@code HttpClient} speaks to HTTP proxies, including {@code CONNECT} tunnels for https, which
 * {@link SocketTransport} does not; it costs several times the CPU per request, which is why it is
 * not the default. HTTP/1.1 only, redirects never followed, the given {@link ProxySelector}
 * consulted per request, and only a bounded prefix of each body read ({@link
 * BoundedBodySubscriber}).
 *
 * <p>Thread-safe; {@link #send} blocks for at most the connect timeout plus the request's timeout.
 * {@link #close()} stops the client's worker threads (daemons named {@code atrack-http-N}); on Java
 * 17 {@code HttpClient} has no {@code close()}, so its selector thread ends when the client is
 * garbage collected.
 */
public final class JdkHttpTransport implements Transport {

  /** Headers {@code HttpClient} sets itself or refuses; the caller's values are dropped. */
  private static final Set<String> OWN_HEADERS =
      Set.of(
          "host", "content-length", "transfer-encoding", "connection", "expect", "upgrade", "te");

  private final HttpClient client;
  private final ExecutorService executor;
  private volatile @Nullable CachedHeaders cachedHeaders;
  private volatile boolean closed;

  private JdkHttpTransport(
      Duration connectTimeout, ProxySelector proxySelector, @Nullable SSLContext sslContext) {
    this.executor = Executors.newCachedThreadPool(new DaemonThreads());
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .proxy(proxySelector)
            .connectTimeout(connectTimeout)
            .executor(executor);
    if (sslContext != null) {
      builder.sslContext(sslContext);
    }
    this.client = builder.build();
  }

  /**
   * A transport using the JVM's default TLS context.
   *
   * @param connectTimeout the longest to wait for a connection (to the proxy, when there is one)
   * @param proxySelector chooses the proxy per request, for example {@code
   *     ProxySelector.getDefault()}
   */
  public static JdkHttpTransport create(Duration connectTimeout, ProxySelector proxySelector) {
    return create(connectTimeout, proxySelector, null);
  }

  /**
   * A transport using {@code sslContext} for https, or the JVM's default when null; {@code
   * HttpClient} verifies host names either way.
   */
  public static JdkHttpTransport create(
      Duration connectTimeout, ProxySelector proxySelector, @Nullable SSLContext sslContext) {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(proxySelector, "proxySelector");
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive, was " + connectTimeout);
    }
    return new JdkHttpTransport(connectTimeout, proxySelector, sslContext);
  }

  /**
   * Sends a {@code POST} of {@code request}'s body and headers.
   *
   * @throws IOException when no answer came ({@code java.net.http.HttpTimeoutException} after the
   *     request's timeout); {@link InterruptedIOException} when interrupted, with the interrupt
   *     flag restored
   * @throws IllegalStateException after {@link #close()}
   */
  @Override
  public TransportResponse send(TransportRequest request) throws IOException {
    if (closed) {
      throw new IllegalStateException("JdkHttpTransport is closed");
    }
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(request.uri())
            .timeout(request.timeout())
            // The request's own bytes: HttpClient only reads them.
            .POST(HttpRequest.BodyPublishers.ofByteArray(TransportAccess.body(request)));
    String[] headers = headers(request.headers());
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return exchange(builder.build(), request.timeout().toNanos());
  }

  /**
   * Sends and waits: for the head as long as {@code HttpClient}'s request timeout allows, then for
   * the body at most {@link HttpConnection#SUCCESS_BODY_GRACE_NANOS} for a success and what is left
   * of the timeout otherwise: {@code HttpClient}'s timeout ends when the head arrives, so a body
   * that never ends would hold the thread for good.
   */
  private TransportResponse exchange(HttpRequest request, long timeoutNanos) throws IOException {
    long start = System.nanoTime();
    CompletableFuture<BoundedBodySubscriber> head = new CompletableFuture<>();
    CompletableFuture<HttpResponse<String>> answer =
        client.sendAsync(
            request,
            info -> {
              BoundedBodySubscriber body = new BoundedBodySubscriber(info);
              head.complete(body);
              return body;
            });
    try {
      CompletableFuture.anyOf(head, answer).get();
      BoundedBodySubscriber body = head.getNow(null);
      if (body == null) {
        return response(answer.get()); // Failed before the head: get() throws.
      }
      long left =
          body.isSuccess()
              ? HttpConnection.SUCCESS_BODY_GRACE_NANOS
              : Math.max(timeoutNanos - (System.nanoTime() - start), 1);
      try {
        return response(answer.get(left, TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        return TransportResponse.of(body.status(), body.retryAfter(), body.cut());
      }
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while waiting for " + request.uri().getHost());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException(cause);
    }
  }

  private static TransportResponse response(HttpResponse<String> response) {
    return TransportResponse.of(
        response.statusCode(),
        response.headers().firstValue("retry-after").orElse(null),
        response.body());
  }

  /** The name-value pairs to send, cached by the identity of the engine's one headers map. */
  private String[] headers(Map<String, String> headers) {
    CachedHeaders cached = cachedHeaders;
    if (cached == null || cached.map != headers) {
      List<String> pairs = new ArrayList<>(headers.size() * 2);
      headers.forEach(
          (name, value) -> {
            if (!OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
              pairs.add(name);
              pairs.add(value);
            }
          });
      cached = new CachedHeaders(headers, pairs.toArray(new String[0]));
      cachedHeaders = cached;
    }
    return cached.pairs;
  }

  /** Stops the worker threads; later sends throw {@link IllegalStateException}. Idempotent. */
  @Override
  public void close() {
    closed = true;
    executor.shutdown();
  }

  @SuppressWarnings("ArrayRecordComponent") // Private, never compared; pairs is never written.
  private record CachedHeaders(Map<String, String> map, String[] pairs) {}

  private static final class DaemonThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "atrack-http-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
