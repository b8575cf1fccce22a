package io.atrack.sdk.storage;

import io.atrack.sdk.User;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a client keeps what it knows of each user: its attributes as the SDK last set them. The
 * default is {@link MemoryUserStorage}; services on many machines share users through a shared
 * storage such as Redis ({@code io.atrack:atrack-redis}).
 *
 * <p><b>What to implement.</b> {@link #get} and {@link #put} are enough for a storage that one
 * client uses alone: the SDK runs a user's storage work in that user's lane, one state change at a
 * time and in call order, so the default {@link #recordIfAbsent}, {@link #mergeAttributes} and
 * {@link #replaceAttributes} (built on {@code get} then {@code put}) are correct there. A storage
 * shared between processes overrides those three with atomic versions: {@code get} then {@code put}
 * cannot be atomic across machines, and two instances initialising the same new uuid at once would
 * both see it as new.
 *
 * <p><b>Values.</b> The SDK passes attributes as JSON values, exactly as it sent them: {@code
 * Map<String, Object>} (in order), {@code List}, {@code String}, {@code Boolean}, {@code null}, and
 * numbers as {@code Integer}, {@code Long} or {@code BigInteger} for integers and {@code Double}
 * (or {@code BigDecimal} where a double cannot hold the value as written) for the others. A storage
 * should give them back with the same JSON types and values.
 *
 * <p><b>Threads and failures.</b> Implementations must be thread-safe. The SDK calls the write
 * methods on a delivery thread, just before the user's request is sent, never on the caller's
 * thread; {@link #get} also runs on the thread calling {@code ATrack.currentUser()}. A method may
 * block (a network round trip), but should bound its wait with a timeout. An exception it throws
 * never reaches the SDK's caller: the request is still sent, {@code isNewUser} falls back to {@code
 * false}, and the failure is counted ({@code Stats.storageFailures()}) and logged at WARNING,
 * rate-limited, with the exception's message: never put attribute values in it.
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

  /**
   * Records a user with no attributes unless there is a record of it already, and says which.
   * Atomic in a shared storage: of any number of concurrent calls for a new uuid, on any number of
   * machines, exactly one returns true.
   *
   * <p>The default uses {@link #get} then {@link #put}: atomic only within one client.
   *
   * @param uuid the user
   * @return true when there was no record of {@code uuid} (the user is new)
   */
  default boolean recordIfAbsent(String uuid) {
    if (get(uuid).isPresent()) {
      return false;
    }
    put(User.of(uuid));
    return true;
  }

  /**
   * Lays {@code changes} over the user's stored attributes (a key in {@code changes} replaces the
   * stored value; the other stored keys stay), recording the user if absent, and returns the
   * result. Atomic in a shared storage: concurrent merges of different keys lose none.
   *
   * <p>The default uses {@link #get} then {@link #put}: atomic only within one client.
   *
   * @param uuid the user
   * @param changes the attributes to lay over the stored ones, as JSON values
   * @return the user as stored after the merge
   */
  default User mergeAttributes(String uuid, Map<String, ?> changes) {
    Map<String, Object> merged =
        new LinkedHashMap<>(get(uuid).map(User::attributes).orElse(Map.of()));
    merged.putAll(changes);
    User user = new User(uuid, merged);
    put(user);
    return user;
  }

  /**
   * Replaces the user's stored attributes with {@code attributes}, recording the user if absent,
   * and returns the result. Atomic: a concurrent reader sees the old attributes or the new ones,
   * never a mix.
   *
   * @param uuid the user
   * @param attributes the user's new attributes, as JSON values
   * @return the user as stored after the replace
   */
  default User replaceAttributes(String uuid, Map<String, ?> attributes) {
    User user = new User(uuid, new LinkedHashMap<>(attributes));
    put(user);
    return user;
  }
}
