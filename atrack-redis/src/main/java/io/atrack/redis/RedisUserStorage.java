package io.atrack.redis;

import io.atrack.sdk.User;
import io.atrack.sdk.storage.UserStorage;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Users in Redis or Redis Cluster, shared by every instance of a service: who is new ({@code
 * isNewUser}) and what a user's attributes are, the same on every machine.
 *
 * <pre>{@code
 * RedisUserStorage storage = RedisUserStorage.builder()
 *     .uri("rediss://app:secret@redis.internal:6380/0")   // TLS, user and password, database 0
 *     .keyPrefix("shop:atrack:")
 *     .build();
 * ATrack sdk = ATrack.builder().publicKey("pub_xxxxx").storage(storage).build();
 * // at shutdown: sdk.close(); storage.close();
 * }</pre>
 *
 * <p><b>Keys.</b> One hash per user at {@code keyPrefix + "{" + uuid + "}"} ({@code atrack:{u1}}),
 * so a user's data sits in one cluster slot; one field per attribute, holding its JSON. Every
 * operation is one Lua script, atomic on the node that owns the key: of two machines recording the
 * same new uuid at once exactly one is told it is new ({@link #recordIfAbsent}); two merging
 * different keys of a user at once lose neither ({@link #mergeAttributes}); a replace is seen whole
 * or not at all.
 *
 * <p><b>Threads and timeouts.</b> Thread-safe: one Lettuce connection, multiplexed, serves every
 * thread. Each method blocks its thread for at most {@link RedisUserStorageBuilder#timeout} per
 * command (the SDK calls the write methods on its delivery threads, never on the threads calling
 * {@code init} or {@code setAttributes}). A failure (Redis down, a timeout, an error reply) throws
 * {@link RedisStorageException}; the SDK then falls back and counts it. After an outage the
 * connection comes back by itself.
 *
 * <p><b>Closing.</b> {@link #close()} closes only what this storage opened: the connection, and the
 * Lettuce client and its threads when it made them ({@link RedisUserStorageBuilder#uri}); a client
 * you passed ({@link RedisUserStorageBuilder#client(io.lettuce.core.RedisClient)}) stays open.
 */
public final class RedisUserStorage implements UserStorage, AutoCloseable {
  /** The default {@link RedisUserStorageBuilder#keyPrefix}. */
  public static final String DEFAULT_KEY_PREFIX = "atrack:";

  /** The default {@link RedisUserStorageBuilder#timeout}, in milliseconds. */
  public static final long DEFAULT_TIMEOUT_MILLIS = 500;

  private final RedisConnection connection;
  private final String keyPrefix;
  private final long timeoutNanos;
  private final String ttlMillis;
  private final AttributeCodec codec = new AttributeCodec();
  private final Script<Long> record;
  private final Script<List<Object>> write;
  private final Script<List<Object>> get;

  RedisUserStorage(RedisConnection connection, String keyPrefix, Duration timeout, Duration ttl) {
    this.connection = connection;
    this.keyPrefix = keyPrefix;
    this.timeoutNanos = timeout.toNanos();
    this.ttlMillis = Long.toString(ttl.toMillis());
    this.record = new Script<>("record", Scripts.RECORD, ScriptOutputType.INTEGER);
    this.write = new Script<>("write", Scripts.WRITE, ScriptOutputType.MULTI);
    this.get = new Script<>("get", Scripts.GET, ScriptOutputType.MULTI);
  }

  /**
   * A builder; {@link RedisUserStorageBuilder#uri} or a {@code client} is required.
   *
   * @return a new builder
   */
  public static RedisUserStorageBuilder builder() {
    return new RedisUserStorageBuilder();
  }

  /**
   * A storage on the Redis at {@code uri} ({@code redis://host:6379}), with the defaults.
   *
   * @param uri the Redis URI, as {@link RedisUserStorageBuilder#uri} takes it
   * @return the storage
   * @throws IllegalArgumentException when the URI is not a Redis URI
   */
  public static RedisUserStorage create(String uri) {
    return builder().uri(uri).build();
  }

  /**
   * The key of a user's hash: {@code keyPrefix + "{" + uuid + "}"}.
   *
   * @param uuid the user
   * @return the key, {@code atrack:{uuid}} with the default prefix
   */
  public String key(String uuid) {
    return keyPrefix + "{" + uuid + "}";
  }

  @Override
  public Optional<User> get(String uuid) {
    List<?> flat = get.run(uuid, List.of());
    Map<String, Object> attributes = codec.attributes(flat);
    return attributes == null ? Optional.empty() : Optional.of(new User(uuid, attributes));
  }

  @Override
  public void put(User user) {
    replaceAttributes(user.uuid(), user.attributes());
  }

  /** Atomic across every client of this Redis: HSETNX in one script. */
  @Override
  public boolean recordIfAbsent(String uuid) {
    Long created = record.run(uuid, List.of());
    return created != null && created == 1L;
  }

  /** Atomic: one script sets only the fields it names, so concurrent merges lose no key. */
  @Override
  public User mergeAttributes(String uuid, Map<String, ?> changes) {
    return written(uuid, write.run(uuid, writeArgs(false, changes)));
  }

  /** Atomic: one script drops the hash and writes the new attributes. */
  @Override
  public User replaceAttributes(String uuid, Map<String, ?> attributes) {
    return written(uuid, write.run(uuid, writeArgs(true, attributes)));
  }

  private User written(String uuid, List<?> flat) {
    Map<String, Object> attributes = codec.attributes(flat);
    return new User(uuid, attributes == null ? Map.of() : attributes);
  }

  private List<String> writeArgs(boolean replace, Map<String, ?> attributes) {
    List<String> args = new ArrayList<>(1 + attributes.size() * 2);
    args.add(replace ? "1" : "0");
    attributes.forEach(
        (name, value) -> {
          args.add(name);
          args.add(codec.write(value));
        });
    return args;
  }

  /** Closes what this storage opened (see the class comment). Idempotent. */
  @Override
  public void close() {
    connection.close();
  }

  /** Names the servers and the prefix; never a password. */
  @Override
  public String toString() {
    return "RedisUserStorage{" + connection.description() + ", keyPrefix=" + keyPrefix + '}';
  }

  /**
   * One script, sent by its SHA-1 and loaded (EVAL) when the node does not know it yet: after a
   * restart, a failover or on a cluster node that never ran it.
   */
  private final class Script<T> {
    private final String name;
    private final String source;
    private final ScriptOutputType type;
    private volatile String sha = "";

    Script(String name, String source, ScriptOutputType type) {
      this.name = name;
      this.source = source;
      this.type = type;
    }

    T run(String uuid, List<String> args) {
      String[] keys = {key(uuid)};
      String[] values = new String[args.size() + 1];
      values[0] = ttlMillis;
      for (int i = 0; i < args.size(); i++) {
        values[i + 1] = args.get(i);
      }
      long deadline = System.nanoTime() + timeoutNanos;
      RedisClusterAsyncCommands<String, String> commands = connection.commands();
      String digest = sha;
      if (digest.isEmpty()) {
        digest = commands.digest(source);
        sha = digest;
      }
      String known = digest;
      try {
        return await(c -> c.<T>evalsha(known, type, keys, values), commands, deadline);
      } catch (RedisStorageException e) {
        if (!(e.getCause() instanceof RedisNoScriptException)) {
          throw e;
        }
        return await(c -> c.<T>eval(source, type, keys, values), commands, deadline);
      }
    }

    private T await(
        Function<RedisClusterAsyncCommands<String, String>, RedisFuture<T>> command,
        RedisClusterAsyncCommands<String, String> commands,
        long deadline) {
      RedisFuture<T> future;
      try {
        future = command.apply(commands);
      } catch (RuntimeException e) {
        throw failed(e);
      }
      try {
        return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        future.cancel(false);
        throw new RedisStorageException(
            "Redis script " + name + " timed out after " + timeoutNanos / 1_000_000 + " ms", e);
      } catch (ExecutionException e) {
        throw failed(e.getCause() == null ? e : e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        future.cancel(false);
        throw new RedisStorageException("interrupted waiting for Redis script " + name, e);
      }
    }

    private RedisStorageException failed(Throwable cause) {
      return new RedisStorageException(
          "Redis script " + name + " failed on " + connection.description() + ": " + cause, cause);
    }
  }
}
