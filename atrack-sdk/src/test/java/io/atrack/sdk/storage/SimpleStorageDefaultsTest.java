package io.atrack.sdk.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.User;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** A user's storage with only {@code get} and {@code put}: the SPI's defaults do the rest. */
class SimpleStorageDefaultsTest {
  /** What a user writes: two methods. */
  static final class MapStorage implements UserStorage {
    final Map<String, User> users = new ConcurrentHashMap<>();

    @Override
    public Optional<User> get(String uuid) {
      return Optional.ofNullable(users.get(uuid));
    }

    @Override
    public void put(User user) {
      users.put(user.uuid(), user);
    }
  }

  private final MapStorage storage = new MapStorage();

  @Test
  void recordIfAbsentUsesGetThenPut() {
    assertThat(storage.recordIfAbsent("u1")).isTrue();
    assertThat(storage.recordIfAbsent("u1")).isFalse();
    assertThat(storage.users).containsKey("u1");
  }

  @Test
  void mergeAndReplaceUseGetThenPut() {
    Map<String, Object> first = new LinkedHashMap<>();
    first.put("plan", "pro");
    first.put("tags", List.of("a"));
    storage.mergeAttributes("u1", first);
    User merged = storage.mergeAttributes("u1", Map.of("seats", 3));
    assertThat(merged.attributes())
        .isEqualTo(Map.of("plan", "pro", "tags", List.of("a"), "seats", 3));
    assertThat(storage.get("u1")).contains(merged);

    User replaced = storage.replaceAttributes("u1", Map.of("plan", "free"));
    assertThat(storage.get("u1")).contains(replaced);
    assertThat(replaced.attributes()).isEqualTo(Map.of("plan", "free"));
  }
}
