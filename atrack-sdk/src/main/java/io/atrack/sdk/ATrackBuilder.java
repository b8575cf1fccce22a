package io.atrack.sdk;

import io.atrack.sdk.internal.delivery.DeliveryConfig;
import io.atrack.sdk.internal.delivery.EngineTime;
import io.atrack.sdk.internal.outbox.OutboxSettings;
import io.atrack.sdk.internal.sender.AsyncTransport;
import io.atrack.sdk.internal.sender.Timeouts;
import io.atrack.sdk.storage.MemoryUserStorage;
import io.atrack.sdk.storage.UserStorage;
import io.atrack.sdk.transport.Transport;
import io.atrack.sdk.transport.TransportConfig;
import io.atrack.sdk.transport.TransportFactory;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Builds an {@link ATrack} client. Only {@link #publicKey} is required. Every setter checks its
 * argument at once, and {@link #build()} throws {@link IllegalArgumentException} naming what is
 * wrong. Not thread-safe; a builder can build several clients.
 *
 * <pre>{@code
 * ATrack sdk = ATrack.builder()
 *     .publicKey("pub_xxxxx")
 *     .geo("fra")                                   // or geo(Geo.FRA); any case
 *     .build();
 * }</pre>
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>setting</th><th>default</th></tr>
 *   <tr><td>geo / baseUrl</td><td>{@code https://api.a-track.io}</td></tr>
 *   <tr><td>storage</td><td>{@link MemoryUserStorage} of 100,000 users</td></tr>
 *   <tr><td>maxQueueSize</td><td>{@value #DEFAULT_MAX_QUEUE_SIZE} requests</td></tr>
 *   <tr><td>maxQueueBytes</td><td>32 MiB</td></tr>
 *   <tr><td>queueFullPolicy</td><td>{@link QueueFullPolicy#REJECT}</td></tr>
 *   <tr><td>blockTimeout</td><td>1 s (with {@link QueueFullPolicy#BLOCK})</td></tr>
 *   <tr><td>maxInFlight</td><td>{@value #DEFAULT_MAX_IN_FLIGHT} requests (a blocking transport:
 *       {@value #DEFAULT_BLOCKING_MAX_IN_FLIGHT})</td></tr>
 *   <tr><td>connectTimeout</td><td>5 s</td></tr>
 *   <tr><td>requestTimeout</td><td>10 s</td></tr>
 *   <tr><td>connectionIdleTimeout</td><td>30 s</td></tr>
 *   <tr><td>sslContext</td><td>the JVM's default</td></tr>
 *   <tr><td>proxySelector</td><td>{@link ProxySelector#getDefault()}</td></tr>
 *   <tr><td>transport</td><td>{@link TransportFactory#builtIn()}</td></tr>
 *   <tr><td>retryPolicy</td><td>{@link RetryPolicy#defaults()}</td></tr>
 *   <tr><td>closeTimeout</td><td>10 s</td></tr>
 *   <tr><td>shutdownHook</td><td>on</td></tr>
 *   <tr><td>enabled</td><td>true</td></tr>
 *   <tr><td>maxBodyBytes</td><td>{@value #DEFAULT_MAX_BODY_BYTES} (64 KiB)</td></tr>
 *   <tr><td>outbox</td><td>off (memory only)</td></tr>
 *   <tr><td>outboxMaxBytes</td><td>1 GiB</td></tr>
 *   <tr><td>outboxSync</td><td>{@link OutboxSync#INTERVAL}, every 100 ms</td></tr>
 *   <tr><td>outboxMaxAge</td><td>24 h</td></tr>
 * </table>
 *
 * <p><b>Transport settings always apply.</b> {@code connectTimeout}, {@code requestTimeout}, {@code
 * connectionIdleTimeout}, {@code sslContext}, {@code proxySelector} and {@code maxInFlight} reach
 * whatever sends the requests: the built-in transports apply them, and a {@link
 * #transport(TransportFactory) TransportFactory} receives them all in its {@link TransportConfig}.
 * A ready-made {@link #transport(Transport) Transport} receives only {@code requestTimeout} (with
 * every request); setting any of the others together with it fails {@link #build()} rather than
 * being silently ignored.
 */
public final class ATrackBuilder {
  /** Default bound on requests held (queued, retrying or in flight). */
  public static final int DEFAULT_MAX_QUEUE_SIZE = 10_000;

  /** Default bound on bytes held: 32 MiB. */
  public static final long DEFAULT_MAX_QUEUE_BYTES = 32L * 1024 * 1024;

  /**
   * Default cap on requests sent at once with the built-in direct transport, which multiplexes them
   * on a few connections and one I/O thread and stays well below the cap unless the round trip is
   * long and a backlog waits: see {@link #maxInFlight(int)}.
   */
  public static final int DEFAULT_MAX_IN_FLIGHT = 2048;

  /**
   * Default number of requests sent at once through a blocking transport (behind an HTTP or SOCKS
   * proxy, or your own {@link Transport}), each holding a delivery thread.
   */
  public static final int DEFAULT_BLOCKING_MAX_IN_FLIGHT = 32;

  /** Default limit on one request body: 64 KiB. */
  public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

  /** Default bound on the outbox's segment files: 1 GiB. */
  public static final long DEFAULT_OUTBOX_MAX_BYTES = 1024L * 1024 * 1024;

  /** The smallest {@link #outboxMaxBytes}: 1 MiB. */
  public static final long MIN_OUTBOX_MAX_BYTES = 1024L * 1024;

  private static final URI DEFAULT_BASE_URL = URI.create("https://api.a-track.io");
  private static final AtomicInteger CLIENTS = new AtomicInteger();

  private @Nullable String publicKey;
  private @Nullable Geo geo;
  private @Nullable URI baseUrl;
  private Clock clock = Clock.systemUTC();
  private @Nullable UserStorage storage;
  private @Nullable Transport transport;
  private @Nullable TransportFactory transportFactory;
  private @Nullable ProxySelector proxySelector = ProxySelector.getDefault();
  private @Nullable SSLContext sslContext;
  private Duration connectionIdleTimeout = TransportConfig.DEFAULT_CONNECTION_IDLE_TIMEOUT;

  /** Transport settings set explicitly, which a ready-made transport cannot receive. */
  private final List<String> transportSettings = new ArrayList<>();

  private int maxQueueSize = DEFAULT_MAX_QUEUE_SIZE;
  private long maxQueueBytes = DEFAULT_MAX_QUEUE_BYTES;
  private QueueFullPolicy queueFullPolicy = QueueFullPolicy.REJECT;
  private Duration blockTimeout = Duration.ofSeconds(1);
  private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
  private boolean maxInFlightSet;
  private Duration connectTimeout = TransportConfig.DEFAULT_CONNECT_TIMEOUT;
  private Duration requestTimeout = TransportConfig.DEFAULT_REQUEST_TIMEOUT;
  private RetryPolicy retryPolicy = RetryPolicy.defaults();
  private Duration closeTimeout = Duration.ofSeconds(10);
  private boolean shutdownHook = true;
  private boolean enabled = true;
  private @Nullable FailureListener failureListener;
  private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
  private final List<Interceptor> interceptors = new ArrayList<>();
  private @Nullable EngineTime engineTime; // tests only: a manual clock and retry timer
  private @Nullable Path outbox;
  private long outboxMaxBytes = DEFAULT_OUTBOX_MAX_BYTES;
  private OutboxSync outboxSync = OutboxSync.INTERVAL;
  private Duration outboxSyncInterval = Duration.ofMillis(100);
  private Duration outboxMaxAge = Duration.ofHours(24);

  // Set by build() for the client being built.
  private @Nullable URI resolvedBaseUrl;
  private @Nullable DeliveryConfig deliveryConfig;
  private @Nullable UserStorage resolvedStorage;

  ATrackBuilder() {}

  /**
   * Your project's public key, sent as {@code x-a-track-key}. Required. It never appears whole in a
   * log line or message: {@code pub_…a1b2}.
   *
   * @param publicKey the key, for example {@code pub_live_8f3ka1b2}
   * @return this builder
   * @throws IllegalArgumentException when blank or not printable ASCII
   */
  public ATrackBuilder publicKey(String publicKey) {
    this.publicKey = Validation.publicKey(publicKey);
    return this;
  }

  /**
   * The region: sends to {@code https://<geo>.api.a-track.io}. One of {@code nyc sfo ams sgp lon
   * fra tor blr syd atl ric}, in any case.
   *
   * @param geo the region's code, for example {@code "fra"}
   * @return this builder
   * @throws IllegalArgumentException for anything else, listing the valid values
   */
  public ATrackBuilder geo(String geo) {
    this.geo = Geo.of(geo);
    return this;
  }

  /**
   * The region: sends to {@code https://<geo>.api.a-track.io}.
   *
   * @param geo the region
   * @return this builder
   */
  public ATrackBuilder geo(Geo geo) {
    this.geo = Objects.requireNonNull(geo, "geo");
    return this;
  }

  /**
   * An explicit base URL, for tests, proxies and self-hosting; wins over {@link #geo}. A path
   * prefix is kept: {@code http://127.0.0.1:9000/collect} sends events to {@code
   * http://127.0.0.1:9000/collect/event}. Right: {@code https://collector.example.com}, {@code
   * http://127.0.0.1:9000/collect/}. Wrong: {@code collector.example.com} (no scheme), {@code
   * https://user:pw@host} (user info), {@code https://host/?q=1} (query).
   *
   * @param baseUrl an absolute {@code http} or {@code https} URL with a host
   * @return this builder
   * @throws IllegalArgumentException when not an absolute http(s) URL with a host and without user
   *     info, query or fragment
   */
  public ATrackBuilder baseUrl(URI baseUrl) {
    this.baseUrl = checkBaseUrl(Objects.requireNonNull(baseUrl, "baseUrl"));
    return this;
  }

  /**
   * Like {@link #baseUrl(URI)}, parsing {@code baseUrl}.
   *
   * @param baseUrl an absolute {@code http} or {@code https} URL with a host
   * @return this builder
   * @throws IllegalArgumentException when {@code baseUrl} is not a valid URL, or as {@link
   *     #baseUrl(URI)}
   */
  public ATrackBuilder baseUrl(String baseUrl) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    try {
      return baseUrl(new URI(baseUrl));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("baseUrl is not a valid URL: " + e.getMessage(), e);
    }
  }

  /**
   * The clock that timestamps events; default {@link Clock#systemUTC()}. For tests and replays.
   *
   * @param clock the clock
   * @return this builder
   */
  public ATrackBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Where users are kept; default a new {@link MemoryUserStorage} per client.
   *
   * @param storage the user storage, called on delivery and caller threads
   * @return this builder
   */
  public ATrackBuilder storage(UserStorage storage) {
    this.storage = Objects.requireNonNull(storage, "storage");
    return this;
  }

  /**
   * Sends through {@code transport} as you built it, instead of the SDK's own. It receives the
   * client's {@code requestTimeout} with every request ({@code TransportRequest.timeout()}) and
   * nothing else: so {@link #build()} fails when {@link #connectTimeout}, {@link
   * #connectionIdleTimeout}, {@link #sslContext} or {@link #proxySelector} is set too. Use {@link
   * #transport(TransportFactory)} for a transport that honours them. The client closes the
   * transport when it closes. Replaces an earlier {@code transport(…)}.
   *
   * @param transport the transport to send with
   * @return this builder
   */
  public ATrackBuilder transport(Transport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.transportFactory = null;
    return this;
  }

  /**
   * Creates the client's transport with {@code factory}, handing it every transport setting of this
   * builder ({@link TransportConfig}); default {@link TransportFactory#builtIn()}, a lean
   * keep-alive HTTP/1.1 client, or {@code java.net.http.HttpClient} when the proxy selector names
   * an HTTP proxy for the base URL. Called once per {@link #build()}. The client closes the
   * transport when it closes. Replaces an earlier {@code transport(…)}.
   *
   * <pre>{@code
   * .transport(config -> new MeteredTransport(TransportFactory.builtIn().create(config)))
   * }</pre>
   *
   * @param factory creates the transport from the client's settings
   * @return this builder
   */
  public ATrackBuilder transport(TransportFactory factory) {
    this.transportFactory = Objects.requireNonNull(factory, "factory");
    this.transport = null;
    return this;
  }

  /**
   * The proxy settings to honour; default {@link ProxySelector#getDefault()} (the JVM's {@code
   * http.proxyHost}, {@code https.proxyHost}, {@code socksProxyHost}, {@code http.nonProxyHosts}).
   * Asked once, at {@link #build()}, for the base URL: an HTTP proxy switches to {@code
   * java.net.http.HttpClient}, a SOCKS proxy is used by the socket client.
   *
   * @param proxySelector the proxy settings
   * @return this builder
   */
  public ATrackBuilder proxySelector(ProxySelector proxySelector) {
    this.proxySelector = Objects.requireNonNull(proxySelector, "proxySelector");
    noteTransportSetting("proxySelector");
    return this;
  }

  /**
   * The TLS context for https, for example one trusting a corporate CA, without touching the JVM's
   * trust store; used by both built-in transports. Host names are verified whatever its trust
   * material. Default: the JVM's ({@code SSLContext.getDefault()}).
   *
   * <pre>{@code
   * KeyStore trust = KeyStore.getInstance("PKCS12");
   * try (InputStream in = Files.newInputStream(Path.of("corporate-ca.p12"))) {
   *   trust.load(in, password);
   * }
   * TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
   * tmf.init(trust);
   * SSLContext tls = SSLContext.getInstance("TLS");
   * tls.init(null, tmf.getTrustManagers(), null);
   * ATrack sdk = ATrack.builder().publicKey("pub_xxxxx").sslContext(tls).build();
   * }</pre>
   *
   * @param sslContext the TLS context for https
   * @return this builder
   */
  public ATrackBuilder sslContext(SSLContext sslContext) {
    this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
    noteTransportSetting("sslContext");
    return this;
  }

  /**
   * How long an idle keep-alive connection is kept for reuse; default 30 s. Set it below the idle
   * timeout of the server or load balancer in front of it (Node.js closes idle connections after 5
   * s), so that connections are retired before the server drops them. Applies to the socket client;
   * {@code HttpClient} uses {@code jdk.httpclient.keepalive.timeout}.
   *
   * @param connectionIdleTimeout how long an idle connection is kept
   * @return this builder
   * @throws IllegalArgumentException unless between 1 ms and 365 days
   */
  public ATrackBuilder connectionIdleTimeout(Duration connectionIdleTimeout) {
    this.connectionIdleTimeout =
        Timeouts.idleTimeout(connectionIdleTimeout, "connectionIdleTimeout");
    noteTransportSetting("connectionIdleTimeout");
    return this;
  }

  private void noteTransportSetting(String name) {
    if (!transportSettings.contains(name)) {
      transportSettings.add(name);
    }
  }

  /**
   * Most requests held at once (queued, retrying or in flight); default 10,000.
   *
   * @param maxQueueSize the most requests held, 1 or more
   * @return this builder
   * @throws IllegalArgumentException when {@code maxQueueSize} is not positive
   */
  public ATrackBuilder maxQueueSize(int maxQueueSize) {
    this.maxQueueSize = positive(maxQueueSize, "maxQueueSize");
    return this;
  }

  /**
   * Most bytes held at once (bodies plus 256 bytes per request); default 32 MiB.
   *
   * @param maxQueueBytes the most bytes held, 1024 or more
   * @return this builder
   * @throws IllegalArgumentException when {@code maxQueueBytes} is below 1024
   */
  public ATrackBuilder maxQueueBytes(long maxQueueBytes) {
    if (maxQueueBytes < 1024) {
      throw new IllegalArgumentException(
          "maxQueueBytes must be at least 1024, was " + maxQueueBytes);
    }
    this.maxQueueBytes = maxQueueBytes;
    return this;
  }

  /**
   * What a call does when the queue is full; default {@link QueueFullPolicy#REJECT}.
   *
   * @param policy reject or block
   * @return this builder
   */
  public ATrackBuilder queueFullPolicy(QueueFullPolicy policy) {
    this.queueFullPolicy = Objects.requireNonNull(policy, "queueFullPolicy");
    return this;
  }

  /**
   * With {@link QueueFullPolicy#BLOCK}: the longest a call waits for room; default 1 s.
   *
   * @param blockTimeout the longest wait, zero or more
   * @return this builder
   * @throws IllegalArgumentException when {@code blockTimeout} is negative
   */
  public ATrackBuilder blockTimeout(Duration blockTimeout) {
    this.blockTimeout = nonNegative(blockTimeout, "blockTimeout");
    return this;
  }

  /**
   * The most requests sent at once.
   *
   * <p>With the built-in transport for direct connections (no proxy) this is a cap, default {@value
   * #DEFAULT_MAX_IN_FLIGHT}: requests in flight cost no thread (one I/O thread drives every
   * connection), and the client sends only as many at once as the backlog needs: one or two on a
   * fast network, hundreds when the API is far away and events come quickly (rate × round trip). It
   * opens up to 64 connections and pipelines up to 32 requests on each.
   *
   * <p>With a blocking transport (behind an HTTP or SOCKS proxy, or your own {@link Transport})
   * each request in flight holds a delivery thread, so this is the number of delivery threads;
   * unless set, {@value #DEFAULT_BLOCKING_MAX_IN_FLIGHT}.
   *
   * @param maxInFlight the most requests sent at once, 1 or more
   * @return this builder
   * @throws IllegalArgumentException when {@code maxInFlight} is not positive
   */
  public ATrackBuilder maxInFlight(int maxInFlight) {
    this.maxInFlight = positive(maxInFlight, "maxInFlight");
    this.maxInFlightSet = true;
    return this;
  }

  /**
   * How long to wait for a connection (TCP, a proxy, the TLS handshake); default 5 s.
   *
   * @param connectTimeout the longest a connection may take
   * @return this builder
   * @throws IllegalArgumentException unless between 1 ms and {@code Integer.MAX_VALUE} ms
   */
  public ATrackBuilder connectTimeout(Duration connectTimeout) {
    this.connectTimeout = Timeouts.socketTimeout(connectTimeout, "connectTimeout");
    noteTransportSetting("connectTimeout");
    return this;
  }

  /**
   * How long one attempt may wait for the answer; default 10 s. A timeout is retried.
   *
   * @param requestTimeout the longest one attempt may wait, positive
   * @return this builder
   * @throws IllegalArgumentException when {@code requestTimeout} is not positive
   */
  public ATrackBuilder requestTimeout(Duration requestTimeout) {
    this.requestTimeout = positive(requestTimeout, "requestTimeout");
    return this;
  }

  /**
   * When to retry; default {@link RetryPolicy#defaults()}.
   *
   * @param retryPolicy the retry policy
   * @return this builder
   */
  public ATrackBuilder retryPolicy(RetryPolicy retryPolicy) {
    this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
    return this;
  }

  /**
   * How long {@link ATrack#close()} waits for delivery before failing what is left; default 10 s.
   *
   * @param closeTimeout the longest {@code close()} waits, zero or more
   * @return this builder
   * @throws IllegalArgumentException when {@code closeTimeout} is negative
   */
  public ATrackBuilder closeTimeout(Duration closeTimeout) {
    this.closeTimeout = nonNegative(closeTimeout, "closeTimeout");
    return this;
  }

  /**
   * Whether a JVM that exits normally flushes and closes the client first; default true. The hook
   * does not stop intake when it starts: other shutdown hooks run at the same time (a server
   * finishing its requests), and their calls are accepted and delivered while requests are held or
   * another non-daemon thread is still working, for at most {@link #closeTimeout} in all; then it
   * closes. What it could not deliver, and calls refused after it closed, are logged at WARNING
   * with counts. Turn it off when a container or framework closes the client itself, after its own
   * graceful shutdown.
   *
   * @param enabled whether to register the shutdown hook
   * @return this builder
   */
  public ATrackBuilder shutdownHook(boolean enabled) {
    this.shutdownHook = enabled;
    return this;
  }

  /**
   * Whether the client sends anything; default true. A disabled client ({@code enabled(false)},
   * also {@link ATrack#disabled()}) validates every call as usual, keeps the stored and current
   * user, and completes each call's future at once without sending: it needs no public key, starts
   * no thread and registers no shutdown hook. The other settings are still checked by {@link
   * #build()}. For switching analytics off by configuration (the Spring Boot starter's {@code
   * atrack.enabled=false}), tests and local runs.
   *
   * @param enabled false for a client that sends nothing
   * @return this builder
   */
  public ATrackBuilder enabled(boolean enabled) {
    this.enabled = enabled;
    return this;
  }

  /**
   * Told of every request that finally fails or is rejected; default none.
   *
   * @param listener the listener, or null for none; called on delivery threads and must not block
   * @return this builder
   */
  public ATrackBuilder failureListener(@Nullable FailureListener listener) {
    this.failureListener = listener;
    return this;
  }

  /**
   * Largest request body accepted; a larger one fails its call; default 64 KiB.
   *
   * @param maxBodyBytes the largest body in bytes, 512 or more
   * @return this builder
   * @throws IllegalArgumentException when {@code maxBodyBytes} is below 512
   */
  public ATrackBuilder maxBodyBytes(int maxBodyBytes) {
    if (maxBodyBytes < 512) {
      throw new IllegalArgumentException("maxBodyBytes must be at least 512, was " + maxBodyBytes);
    }
    this.maxBodyBytes = maxBodyBytes;
    return this;
  }

  /**
   * Adds an interceptor that sees every {@code init}, {@code setAttributes} and {@code track} call
   * on the caller's thread before it is encoded, and may change or drop it. Call it again to add
   * more: they run in the order added. Default none; with none, calls pay nothing for the feature.
   *
   * <pre>{@code
   * builder.interceptor(call -> call.toBuilder().removeAttribute("email").build());
   * }</pre>
   *
   * @param interceptor the interceptor to run after those added before
   * @return this builder
   * @see Interceptor
   */
  public ATrackBuilder interceptor(Interceptor interceptor) {
    interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
    return this;
  }

  /**
   * Turns on the durable outbox in {@code directory} (created if missing): every accepted request
   * is written there before its call returns, and stays until the API acknowledged it or it finally
   * failed. It survives the process dying (any signal, an OOM kill) and outages longer than the
   * memory queue can hold; the next client built on the directory delivers what is left, first,
   * with the same bodies (the same {@code eventId}s) and in per-user order. Default off.
   *
   * <p>With the outbox on, the outbox is the queue: {@link #maxQueueSize}/{@link #maxQueueBytes}
   * bound only what is in memory being sent, {@link #outboxMaxBytes} bounds what is accepted, and
   * {@link #queueFullPolicy} applies when the outbox is full. Transient failures are retried with
   * capped backoff for as long as a request is younger than {@link #outboxMaxAge}, whatever {@link
   * RetryPolicy#maxAttempts()} says. {@link ATrack#close()} keeps what it could not deliver in the
   * outbox (its futures fail with {@code CLOSE_TIMEOUT}, saying so). Finally failed requests are
   * kept in {@code dead-letters.jsonl} there. The key is never written: the delivering client's is
   * used.
   *
   * <p>One client owns a directory at a time ({@code outbox.lock}): {@link #build()} fails with
   * {@link IllegalStateException} when another client, in this JVM or another process, holds it.
   *
   * @param directory the outbox's own directory, on local disk; created if missing
   * @return this builder
   */
  public ATrackBuilder outbox(Path directory) {
    this.outbox = Objects.requireNonNull(directory, "outbox");
    return this;
  }

  /**
   * The most bytes the outbox's segment files take on disk; default 1 GiB, at least 1 MiB. The ack
   * files add 8 bytes per request, the dead letters at most 16 MiB.
   *
   * @param maxBytes the bound in bytes, at least {@value #MIN_OUTBOX_MAX_BYTES}
   * @return this builder
   * @throws IllegalArgumentException when below 1 MiB
   */
  public ATrackBuilder outboxMaxBytes(long maxBytes) {
    if (maxBytes < MIN_OUTBOX_MAX_BYTES) {
      throw new IllegalArgumentException(
          "outboxMaxBytes must be at least " + MIN_OUTBOX_MAX_BYTES + " (1 MiB), was " + maxBytes);
    }
    this.outboxMaxBytes = maxBytes;
    return this;
  }

  /**
   * When the outbox forces its writes to the disk (what survives a power loss); default {@link
   * OutboxSync#INTERVAL}. Every policy survives the process dying.
   *
   * @param sync the policy
   * @return this builder
   */
  public ATrackBuilder outboxSync(OutboxSync sync) {
    this.outboxSync = Objects.requireNonNull(sync, "outboxSync");
    return this;
  }

  /**
   * With {@link OutboxSync#INTERVAL}: how often the outbox is forced; default 100 ms.
   *
   * @param interval the interval, positive
   * @return this builder
   * @throws IllegalArgumentException when not positive
   */
  public ATrackBuilder outboxSyncInterval(Duration interval) {
    this.outboxSyncInterval = positive(interval, "outboxSyncInterval");
    return this;
  }

  /**
   * With the outbox: how old a request may get (from its call, across restarts) before it is given
   * up, counted as failed and written to the dead letters; default 24 h.
   *
   * @param maxAge the age, positive
   * @return this builder
   * @throws IllegalArgumentException when not positive
   */
  public ATrackBuilder outboxMaxAge(Duration maxAge) {
    this.outboxMaxAge = positive(maxAge, "outboxMaxAge");
    return this;
  }

  /**
   * Builds a client with these settings; its threads start on first use.
   *
   * @return a new client; share it and close it when done
   * @throws IllegalArgumentException when the public key is missing or a setting conflicts
   * @throws IllegalStateException when the {@link #outbox} directory is in use by another client
   */
  public ATrack build() {
    if (!enabled) {
      if (maxQueueBytes < maxBodyBytes + 256L) {
        throw queueTooSmall();
      }
      resolvedBaseUrl = baseUrl != null ? baseUrl : geo != null ? geo.baseUrl() : DEFAULT_BASE_URL;
      resolvedStorage = storage != null ? storage : new MemoryUserStorage();
      deliveryConfig = null;
      return new ATrack(this);
    }
    if (publicKey == null) {
      throw new IllegalArgumentException(
          "publicKey is required: ATrack.builder().publicKey(\"pub_…\")");
    }
    if (maxQueueBytes < maxBodyBytes + 256L) {
      throw queueTooSmall();
    }
    URI base = baseUrl != null ? baseUrl : geo != null ? geo.baseUrl() : DEFAULT_BASE_URL;
    String key = publicKey;
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-a-track-key", key);
    headers.put("content-type", "application/json");
    headers.put(
        "user-agent",
        "a-track-java/" + SdkVersion.VALUE + " (Java " + System.getProperty("java.version") + ")");
    Transport t = transport(base);
    resolvedBaseUrl = base;
    resolvedStorage = storage != null ? storage : new MemoryUserStorage();
    String threadName = "atrack-delivery-" + CLIENTS.incrementAndGet();
    deliveryConfig =
        new DeliveryConfig(
            base,
            java.util.Collections.unmodifiableMap(headers),
            Keys.mask(key),
            t,
            maxInFlightSet || t instanceof AsyncTransport
                ? maxInFlight
                : DEFAULT_BLOCKING_MAX_IN_FLIGHT,
            maxQueueSize,
            maxQueueBytes,
            queueFullPolicy,
            blockTimeout,
            requestTimeout,
            retryPolicy,
            clock,
            failureListener,
            threadName,
            EngineOutcomes.INSTANCE,
            engineTime,
            outboxSettings(threadName));
    return new ATrack(this);
  }

  private @Nullable OutboxSettings outboxSettings(String threadName) {
    Path dir = outbox;
    if (dir == null) {
      return null;
    }
    // The largest record: the body bound, a 256-character uuid in UTF-8, the record's own header.
    int maxRecord = maxBodyBytes + 3 * 256 + 64;
    OutboxSettings s =
        new OutboxSettings(
            dir,
            outboxMaxBytes,
            outboxSync,
            outboxSyncInterval.toNanos(),
            outboxMaxAge.toNanos(),
            maxRecord,
            queueFullPolicy,
            blockTimeout.toNanos(),
            threadName);
    if (outboxMaxBytes < 2L * s.segmentBytes()) {
      throw new IllegalArgumentException(
          "outboxMaxBytes ("
              + outboxMaxBytes
              + ") must hold at least two segments of "
              + s.segmentBytes()
              + " bytes for bodies of maxBodyBytes ("
              + maxBodyBytes
              + ")");
    }
    return s;
  }

  private IllegalArgumentException queueTooSmall() {
    return new IllegalArgumentException(
        "maxQueueBytes ("
            + maxQueueBytes
            + ") must hold at least one body of maxBodyBytes ("
            + maxBodyBytes
            + ")");
  }

  private Transport transport(URI base) {
    Transport given = transport;
    if (given != null) {
      if (!transportSettings.isEmpty()) {
        throw new IllegalArgumentException(
            String.join(", ", transportSettings)
                + " cannot reach a ready-made transport(Transport); configure your transport"
                + " with them yourself, or use transport(TransportFactory), which receives them");
      }
      return given;
    }
    TransportConfig config =
        TransportConfig.builder(base)
            .connectTimeout(connectTimeout)
            .requestTimeout(requestTimeout)
            .proxySelector(proxySelector)
            .sslContext(sslContext)
            .connectionIdleTimeout(connectionIdleTimeout)
            .maxInFlight(maxInFlight)
            .build();
    TransportFactory factory =
        transportFactory != null ? transportFactory : TransportFactory.builtIn();
    return Objects.requireNonNull(
        factory.create(config), "the transport factory returned null: " + factory);
  }

  String maskedKey() {
    return publicKey == null ? "(none)" : Keys.mask(publicKey);
  }

  boolean enabled() {
    return enabled;
  }

  URI resolvedBaseUrl() {
    return Objects.requireNonNull(resolvedBaseUrl);
  }

  Clock clock() {
    return clock;
  }

  UserStorage storage() {
    return Objects.requireNonNull(resolvedStorage);
  }

  int maxBodyBytes() {
    return maxBodyBytes;
  }

  DeliveryConfig deliveryConfig() {
    return Objects.requireNonNull(deliveryConfig);
  }

  /**
   * The delivery engine's clock, waits and retry timer, for the SDK's own tests (through a helper
   * in their sources): retries, close and block timeouts then run on a manual clock. Not API.
   */
  ATrackBuilder engineTime(EngineTime time) {
    this.engineTime = Objects.requireNonNull(time, "time");
    return this;
  }

  Interceptor[] interceptors() {
    return interceptors.toArray(new Interceptor[0]);
  }

  Duration closeTimeout() {
    return closeTimeout;
  }

  boolean shutdownHook() {
    return shutdownHook;
  }

  @Override
  public String toString() {
    return "ATrackBuilder{key="
        + (publicKey == null ? "(unset)" : Keys.mask(publicKey))
        + ", geo="
        + geo
        + ", baseUrl="
        + baseUrl
        + '}';
  }

  private static URI checkBaseUrl(URI url) {
    String scheme = url.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw new IllegalArgumentException(
          "baseUrl must start with http:// or https://, was \""
              + Printable.of(url.toString(), 100)
              + "\"");
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      throw new IllegalArgumentException(
          "baseUrl has no host: \"" + Printable.of(url.toString(), 100) + "\"");
    }
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException("baseUrl must not contain user info (user:password@)");
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "baseUrl must not have a query or fragment: \""
              + Printable.of(url.toString(), 100)
              + "\"");
    }
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    try {
      return new URI(
          scheme.toLowerCase(java.util.Locale.ROOT) + "://" + url.getRawAuthority() + path);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("baseUrl is not a valid URL: " + e.getMessage(), e);
    }
  }

  private static int positive(int value, String what) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " must be at least 1, was " + value);
    }
    return value;
  }

  private static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + d);
    }
    return d;
  }

  private static Duration nonNegative(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative, was " + d);
    }
    return d;
  }
}
