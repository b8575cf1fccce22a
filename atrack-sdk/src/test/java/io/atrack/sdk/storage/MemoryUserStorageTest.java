package io.atrack.sdk.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrack.sdk.User;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MemoryUserStorageTest extends UserStorageContract {
  @Override
  protected UserStorage createStorage() {
    return new MemoryUserStorage();
  }

  @Test
  void evictsTheLeastRecentlyUsedBeyondTheBound() {
    MemoryUserStorage small = new MemoryUserStorage(2);
    small.put(User.of("a"));
    small.put(User.of("b"));
    small.get("a"); // a is now more recent than b
    small.put(User.of("c"));
    assertThat(small.get("b")).isEmpty();
    assertThat(small.get("a")).isPresent();
    assertThat(small.get("c")).isPresent();
    assertThat(small.size()).isEqualTo(2);
  }

  @Test
  void staysBoundedUnderConcurrentWriters() throws Exception {
    MemoryUserStorage bounded = new MemoryUserStorage(1000);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 20_000; i++) {
                    bounded.put(User.of("u-" + thread + "-" + i));
                    bounded.get("u-" + thread + "-" + (i / 2));
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(bounded.size()).isEqualTo(1000);
  }

  @Test
  void aForgottenUserIsNewAgain() {
    MemoryUserStorage small = new MemoryUserStorage(1);
    assertThat(small.recordIfAbsent("a")).isTrue();
    assertThat(small.recordIfAbsent("b")).isTrue();
    assertThat(small.recordIfAbsent("a")).isTrue();
  }

  @Test
  void rejectsANonPositiveBound() {
    assertThatThrownBy(() -> new MemoryUserStorage(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxUsers");
  }
}
