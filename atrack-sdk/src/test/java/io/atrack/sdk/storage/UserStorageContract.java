package io.atrack.sdk.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.User;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract every {@link UserStorage} passes; subclass it for each implementation. */
abstract class UserStorageContract {
  protected abstract UserStorage storage();

  @Test
  void unknownUserIsEmpty() {
    assertThat(storage().get("nobody")).isEmpty();
  }

  @Test
  void putThenGetReturnsTheSameUser() {
    User user = new User("u1", Map.of("plan", "pro", "seats", 12, "tags", List.of("a", "b")));
    storage().put(user);
    assertThat(storage().get("u1")).contains(user);
  }

  @Test
  void putReplacesTheRecord() {
    storage().put(new User("u1", Map.of("plan", "pro")));
    storage().put(new User("u1", Map.of("plan", "free")));
    assertThat(storage().get("u1")).map(User::attributes).contains(Map.of("plan", "free"));
  }

  @Test
  void usersAreKeptApart() {
    storage().put(new User("u1", Map.of("a", 1)));
    storage().put(new User("u2", Map.of("b", 2)));
    assertThat(storage().get("u1")).map(User::attributes).contains(Map.of("a", 1));
    assertThat(storage().get("u2")).map(User::attributes).contains(Map.of("b", 2));
  }
}
