package io.atrack.sdk.storage;

import io.atrack.sdk.User;
import java.util.Optional;

/**
 * Where a client keeps what it knows of each user: its attributes as the SDK last set them. The
 * default is {@link MemoryUserStorage}; services on many machines share users through a shared
 * storage such as Redis.
 *
 * <p>Implementations must be thread-safe. The SDK calls them on the caller's thread, inside {@code
 * init} and {@code setAttributes}, so they should be quick. The SDK serialises its own
 * read-modify-write per uuid within one client, so {@code get} then {@code put} need no
 * transaction.
 */
public interface UserStorage {

  /**
   * The stored user with this uuid, or empty when there is no record of it.
   *
   * @param uuid the user's uuid
   * @return the user, or empty
   */
  Optional<User> get(String uuid);

  /**
   * Stores {@code user}, replacing any record with the same uuid.
   *
   * @param user the user to store
   */
  void put(User user);
}
