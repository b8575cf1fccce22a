package io.atrack.redis;

/**
 * A Redis command of {@link RedisUserStorage} failed: Redis unreachable, a timeout, an error reply.
 *
 * <p>The SDK catches it (the request is still sent, the failure counted in {@code
 * Stats.storageFailures()} and logged); code that calls the storage itself sees it. The message
 * names the command and the reason, never a key's value or an attribute.
 */
public final class RedisStorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RedisStorageException(String message, Throwable cause) {
    super(message, cause);
  }

  RedisStorageException(String message) {
    super(message);
  }
}
