package io.atrack.sdk.storage;

import io.atrack.sdk.User;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps users in this JVM's memory, at most {@code maxUsers} of them: the least recently used is
 * forgotten first, so a long-running server cannot run out of memory. The default storage.
 * Thread-safe.
 *
 * <p>A forgotten user that comes back is treated as new ({@code isNewUser=true} on init). Its
 * {@link #recordIfAbsent} and {@link #mergeAttributes} are atomic within this JVM, so clients
 * sharing one instance agree on who is new.
 */
public final class MemoryUserStorage implements UserStorage {
  /** Default for {@link #MemoryUserStorage()}. */
  public static final int DEFAULT_MAX_USERS = 100_000;

  private final int maxUsers;
  private final ReentrantLock lock = new ReentrantLock();
  private final LinkedHashMap<String, User> users;

  /** A storage of at most {@value #DEFAULT_MAX_USERS} users. */
  public MemoryUserStorage() {
    this(DEFAULT_MAX_USERS);
  }

  /**
   * A storage of at most {@code maxUsers} users.
   *
   * @param maxUsers the most users kept, 1 or more
   * @throws IllegalArgumentException when {@code maxUsers} is not positive
   */
  public MemoryUserStorage(int maxUsers) {
    if (maxUsers < 1) {
      throw new IllegalArgumentException("maxUsers must be at least 1, was " + maxUsers);
    }
    this.maxUsers = maxUsers;
    this.users =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, User> eldest) {
            return size() > MemoryUserStorage.this.maxUsers;
          }
        };
  }

  @Override
  public Optional<User> get(String uuid) {
    lock.lock();
    try {
      return Optional.ofNullable(users.get(uuid));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void put(User user) {
    lock.lock();
    try {
      users.put(user.uuid(), user);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Atomic: checks and records under this storage's lock.
   *
   * @param uuid the user
   * @return true when this storage had no record of the user
   */
  @Override
  public boolean recordIfAbsent(String uuid) {
    lock.lock();
    try {
      if (users.get(uuid) != null) {
        return false;
      }
      users.put(uuid, User.of(uuid));
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Atomic: reads, merges and stores under this storage's lock.
   *
   * @param uuid the user
   * @param changes the attributes to lay over the stored ones
   * @return the user as stored after the merge
   */
  @Override
  public User mergeAttributes(String uuid, Map<String, ?> changes) {
    lock.lock();
    try {
      User stored = users.get(uuid);
      Map<String, Object> merged =
          new LinkedHashMap<>(stored == null ? Map.of() : stored.attributes());
      merged.putAll(changes);
      User user = new User(uuid, merged);
      users.put(uuid, user);
      return user;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stores the user with exactly {@code attributes}.
   *
   * @param uuid the user
   * @param attributes the user's new attributes
   * @return the user as stored
   */
  @Override
  public User replaceAttributes(String uuid, Map<String, ?> attributes) {
    User user = new User(uuid, new LinkedHashMap<>(attributes));
    put(user);
    return user;
  }

  /**
   * How many users are stored now.
   *
   * @return the number of users, 0 or more
   */
  public int size() {
    lock.lock();
    try {
      return users.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The most users kept.
   *
   * @return the limit, 1 or more
   */
  public int maxUsers() {
    return maxUsers;
  }

  @Override
  public String toString() {
    return "MemoryUserStorage{size=" + size() + ", maxUsers=" + maxUsers + '}';
  }
}
