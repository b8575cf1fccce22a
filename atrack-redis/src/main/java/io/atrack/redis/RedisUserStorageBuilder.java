package io.atrack.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Settings of a {@link RedisUserStorage}; {@link #build()} checks them. Not thread-safe; the
 * storage it builds is.
 *
 * <pre>{@code
 * // standalone, TLS, cluster
 * RedisUserStorage.builder().uri("redis://localhost:6379").build();
 * RedisUserStorage.builder().uri("rediss://app:secret@redis.internal:6380/2").build();
 * RedisUserStorage.builder().uri("redis://10.0.0.5:7000").cluster(true).build();
 * // a Lettuce client you already have (you close it; the storage closes its own connection)
 * RedisUserStorage.builder().client(myRedisClient).build();
 * }</pre>
 */
public final class RedisUserStorageBuilder {
  private @Nullable String uri;
  private boolean cluster;
  private String keyPrefix = RedisUserStorage.DEFAULT_KEY_PREFIX;
  private Duration timeout = Duration.ofMillis(RedisUserStorage.DEFAULT_TIMEOUT_MILLIS);
  private Duration ttl = Duration.ZERO;
  private @Nullable AbstractRedisClient client;

  RedisUserStorageBuilder() {}

  /**
   * Where Redis is, as Lettuce reads it: {@code redis://[user:password@]host[:port][/database]},
   * {@code rediss://...} for TLS (the server's certificate is checked against the JVM's trust store
   * and host name). With {@link #cluster(boolean) cluster(true)}, one seed node of the cluster; the
   * others are discovered. Required unless a client is given.
   *
   * @param uri the Redis URI
   * @return this builder
   * @throws IllegalArgumentException when it is not a {@code redis://} or {@code rediss://} URI
   */
  public RedisUserStorageBuilder uri(String uri) {
    Objects.requireNonNull(uri, "uri");
    if (!uri.startsWith("redis://") && !uri.startsWith("rediss://")) {
      throw new IllegalArgumentException(
          "uri must start with redis:// or rediss:// (TLS), was " + describe(uri));
    }
    try {
      RedisURI.create(uri);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("uri is not a Redis URI: " + describe(uri), e);
    }
    this.uri = uri;
    return this;
  }

  /**
   * Whether {@link #uri} is a seed node of a Redis Cluster. Default false.
   *
   * @param cluster true for a Redis Cluster seed node
   * @return this builder
   */
  public RedisUserStorageBuilder cluster(boolean cluster) {
    this.cluster = cluster;
    return this;
  }

  /**
   * What every key starts with; default {@value RedisUserStorage#DEFAULT_KEY_PREFIX}, so a user's
   * key is {@code atrack:{uuid}}. Use one per application sharing a Redis.
   *
   * @throws IllegalArgumentException when it contains '{' or '}': a hash tag in the prefix would
   *     put every user in one cluster slot
   * @param keyPrefix the start of every key
   * @return this builder
   */
  public RedisUserStorageBuilder keyPrefix(String keyPrefix) {
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    if (keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0) {
      throw new IllegalArgumentException(
          "keyPrefix must not contain '{' or '}' (it would put every user in one cluster slot),"
              + " was \""
              + keyPrefix
              + "\"");
    }
    this.keyPrefix = keyPrefix;
    return this;
  }

  /**
   * How long one command (and a connect) may take before it fails; default {@value
   * RedisUserStorage#DEFAULT_TIMEOUT_MILLIS} ms. A delivery thread waits at most this long per
   * storage call, so keep it short: a timeout only costs a counted fallback.
   *
   * @throws IllegalArgumentException when not positive
   * @param timeout the longest wait for one command
   * @return this builder
   */
  public RedisUserStorageBuilder timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    this.timeout = timeout;
    return this;
  }

  /**
   * How long a user's record lives after its last use (every read and write refreshes it); default
   * {@link Duration#ZERO}: forever. A user whose record expired is new again ({@code
   * isNewUser=true}), as with {@code MemoryUserStorage}'s bound.
   *
   * @throws IllegalArgumentException when negative, or positive but under a millisecond
   * @param ttl how long an unused record lives, or zero for ever
   * @return this builder
   */
  public RedisUserStorageBuilder ttl(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || (!ttl.isZero() && ttl.toMillis() < 1)) {
      throw new IllegalArgumentException("ttl must be zero (none) or at least 1 ms, was " + ttl);
    }
    this.ttl = ttl;
    return this;
  }

  /**
   * Uses a Lettuce client you already have (its options, TLS and credentials apply); the storage
   * opens one connection of its own on it, and {@link RedisUserStorage#close()} closes only that.
   * Replaces {@link #uri}.
   *
   * @param client your Lettuce client for a standalone Redis
   * @return this builder
   */
  public RedisUserStorageBuilder client(RedisClient client) {
    this.client = Objects.requireNonNull(client, "client");
    this.cluster = false;
    return this;
  }

  /**
   * Like {@link #client(RedisClient)}, for a Redis Cluster client.
   *
   * @param client your Lettuce client for a Redis Cluster
   * @return this builder
   */
  public RedisUserStorageBuilder client(RedisClusterClient client) {
    this.client = Objects.requireNonNull(client, "client");
    this.cluster = true;
    return this;
  }

  /**
   * The storage. It connects now, but a Redis that is not reachable yet does not fail the build: it
   * is logged and tried again on use (at most once a second), so a service can start during a Redis
   * outage.
   *
   * @throws IllegalStateException when neither a URI nor a client was given
   * @return the storage; close it after the SDK clients that use it
   */
  public RedisUserStorage build() {
    RedisConnection connection;
    AbstractRedisClient given = client;
    if (given != null) {
      connection = new RedisConnection(connector(given), null, null, "(your client)");
    } else {
      String u = uri;
      if (u == null) {
        throw new IllegalStateException("set uri(...) or client(...) before build()");
      }
      RedisURI redisUri = RedisURI.create(u);
      redisUri.setTimeout(timeout);
      ClientResources resources =
          DefaultClientResources.builder()
              .ioThreadPoolSize(2)
              .computationThreadPoolSize(2)
              .reconnectDelay(
                  Delay.exponential(
                      Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
              .build();
      AbstractRedisClient made =
          cluster ? clusterClient(resources, redisUri) : standaloneClient(resources, redisUri);
      connection =
          new RedisConnection(
              connector(made),
              made,
              resources,
              (cluster ? "cluster seed " : "") + redisUri.getHost() + ":" + redisUri.getPort());
    }
    connection.connectEagerly();
    return new RedisUserStorage(connection, keyPrefix, timeout, ttl);
  }

  private RedisClient standaloneClient(ClientResources resources, RedisURI redisUri) {
    RedisClient c = RedisClient.create(resources, redisUri);
    c.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
            .build());
    return c;
  }

  private RedisClusterClient clusterClient(ClientResources resources, RedisURI redisUri) {
    RedisClusterClient c = RedisClusterClient.create(resources, redisUri);
    c.setOptions(
        ClusterClientOptions.builder()
            .autoReconnect(true)
            // Not REJECT_COMMANDS: the cluster connection opens its node connections lazily, and
            // would reject the first command to each node. A command waiting for a node is cut
            // by the timeout.
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
            // MOVED/ASK are followed by Lettuce. Its adaptive refresh (on by default in 7.x:
            // redirects, persistent reconnects, uncovered slots, unknown nodes) reloads the
            // topology after a failover; a periodic refresh every 30 s catches the rest.
            .topologyRefreshOptions(
                ClusterTopologyRefreshOptions.builder()
                    .enablePeriodicRefresh(Duration.ofSeconds(30))
                    .build())
            .build());
    return c;
  }

  private static Supplier<StatefulConnection<String, String>> connector(AbstractRedisClient c) {
    if (c instanceof RedisClusterClient cluster) {
      return () -> cluster.connect(StringCodec.UTF8);
    }
    RedisClient standalone = (RedisClient) c;
    return () -> standalone.connect(StringCodec.UTF8);
  }

  /** A URI for a message: scheme, host and port only, never the password. */
  private static String describe(String uri) {
    int at = uri.lastIndexOf('@');
    return at < 0 ? uri : "…" + uri.substring(at);
  }
}
