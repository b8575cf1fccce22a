package io.atrack.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The storage's one connection, shared by every thread (Lettuce connections are thread-safe and
 * multiplex commands), opened lazily and again after a failed attempt.
 *
 * <p>Once open, Lettuce reconnects by itself after an outage, and while it is disconnected rejects
 * commands at once (for the clients this storage makes: {@code
 * DisconnectedBehavior.REJECT_COMMANDS}) instead of queueing them, so an outage costs a caller
 * nothing but a counted fallback. The first connect is ours: a service that starts while Redis is
 * down still starts; each use tries again, at most once per {@value #RETRY_MILLIS} ms and by one
 * thread, and fails at once in between.
 */
final class RedisConnection implements AutoCloseable {
  static final long RETRY_MILLIS = 1000;

  private static final System.Logger log = System.getLogger(RedisConnection.class.getName());

  private final Supplier<StatefulConnection<String, String>> connector;
  private final @Nullable AbstractRedisClient ownedClient;
  private final @Nullable ClientResources ownedResources;
  private final String description;
  private final ReentrantLock connecting = new ReentrantLock();
  private volatile @Nullable StatefulConnection<String, String> connection;
  private volatile @Nullable RedisClusterAsyncCommands<String, String> commands;
  private volatile long nextAttemptNanos = System.nanoTime();
  private volatile boolean closed;

  RedisConnection(
      Supplier<StatefulConnection<String, String>> connector,
      @Nullable AbstractRedisClient ownedClient,
      @Nullable ClientResources ownedResources,
      String description) {
    this.connector = connector;
    this.ownedClient = ownedClient;
    this.ownedResources = ownedResources;
    this.description = description;
  }

  /** Tries to connect now; a failure is logged and tried again on use. */
  void connectEagerly() {
    try {
      commands();
    } catch (RedisStorageException e) {
      log.log(
          Level.WARNING,
          () -> "Redis " + description + " is not reachable yet; will retry on use: " + e);
    }
  }

  /** The commands of the open connection, opening it if it is not. */
  RedisClusterAsyncCommands<String, String> commands() {
    RedisClusterAsyncCommands<String, String> c = commands;
    if (c != null) {
      return c;
    }
    if (closed) {
      throw new IllegalStateException("the Redis user storage is closed");
    }
    if (System.nanoTime() - nextAttemptNanos < 0 || !connecting.tryLock()) {
      throw new RedisStorageException(
          "Redis " + description + " is not reachable; retrying at most once per second");
    }
    try {
      c = commands;
      if (c != null) {
        return c;
      }
      StatefulConnection<String, String> opened;
      try {
        opened = connector.get();
      } catch (RuntimeException e) {
        nextAttemptNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS);
        throw new RedisStorageException(
            "cannot connect to Redis " + description + ": " + e.getMessage(), e);
      }
      c = commandsOf(opened);
      connection = opened;
      commands = c;
      return c;
    } finally {
      connecting.unlock();
    }
  }

  private static RedisClusterAsyncCommands<String, String> commandsOf(
      StatefulConnection<String, String> connection) {
    if (connection instanceof StatefulRedisClusterConnection<String, String> cluster) {
      return cluster.async();
    }
    if (connection instanceof StatefulRedisConnection<String, String> standalone) {
      return standalone.async();
    }
    throw new IllegalArgumentException(
        "unsupported Lettuce connection " + connection.getClass().getName());
  }

  /** Where it connects, without credentials. */
  String description() {
    return description;
  }

  /** Closes the connection, and the client and resources if this storage made them. */
  @Override
  public void close() {
    closed = true;
    connecting.lock();
    try {
      StatefulConnection<String, String> c = connection;
      if (c != null) {
        c.close();
      }
      connection = null;
      commands = null;
    } finally {
      connecting.unlock();
    }
    AbstractRedisClient client = ownedClient;
    if (client != null) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    ClientResources resources = ownedResources;
    if (resources != null
        && !resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3000)) {
      log.log(Level.WARNING, "Lettuce's threads did not stop within 3 s of closing the storage");
    }
  }
}
