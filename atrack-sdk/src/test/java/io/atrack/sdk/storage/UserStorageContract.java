package io.atrack.sdk.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.User;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@link UserStorage} passes; subclass it for each implementation (the Redis
 * module runs it against a standalone server and a cluster). Public, with public test methods, so
 * modules in other packages can extend it through the SDK's test jar.
 *
 * <p>{@link #createStorage()} is called before each test and must give a storage with no users in
 * it (a fresh instance, or a fresh key prefix).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
// The tests compile into the core's module (io.atrack.sdk), whose storage package is exported;
// this class is public for other modules' tests, and names JUnit, which that module does not read
// for its users: fine for a test jar.
@SuppressWarnings("exports")
public abstract class UserStorageContract {
  private UserStorage storage;

  /** For subclasses. */
  protected UserStorageContract() {}

  /** A storage with no users in it; called once per test, before it. */
  protected abstract UserStorage createStorage();

  @BeforeEach
  void createTheStorage() {
    storage = createStorage(); // here, not lazily: the concurrent tests share one instance
  }

  /** The storage of the current test. */
  protected final UserStorage storage() {
    return storage;
  }

  @Test
  public void unknownUserIsEmpty() {
    assertThat(storage().get("nobody")).isEmpty();
  }

  @Test
  public void putThenGetReturnsTheSameUser() {
    User user = new User("u1", Map.of("plan", "pro", "seats", 12, "tags", List.of("a", "b")));
    storage().put(user);
    assertThat(storage().get("u1")).contains(user);
  }

  @Test
  public void putReplacesTheRecord() {
    storage().put(new User("u1", Map.of("plan", "pro")));
    storage().put(new User("u1", Map.of("plan", "free")));
    assertThat(storage().get("u1")).map(User::attributes).contains(Map.of("plan", "free"));
  }

  @Test
  public void usersAreKeptApart() {
    storage().put(new User("u1", Map.of("a", 1)));
    storage().put(new User("u2", Map.of("b", 2)));
    assertThat(storage().get("u1")).map(User::attributes).contains(Map.of("a", 1));
    assertThat(storage().get("u2")).map(User::attributes).contains(Map.of("b", 2));
  }

  @Test
  public void recordIfAbsentSaysNewOnlyOnce() {
    assertThat(storage().recordIfAbsent("u1")).isTrue();
    assertThat(storage().recordIfAbsent("u1")).isFalse();
    assertThat(storage().get("u1")).contains(User.of("u1"));
  }

  @Test
  public void recordIfAbsentKeepsAnExistingRecordAsItIs() {
    storage().put(new User("u1", Map.of("plan", "pro")));
    assertThat(storage().recordIfAbsent("u1")).isFalse();
    assertThat(storage().get("u1")).map(User::attributes).contains(Map.of("plan", "pro"));
  }

  @Test
  public void mergeLaysChangesOverTheStoredAttributesAndReturnsTheResult() {
    User first = storage().mergeAttributes("u1", ordered("plan", "pro", "region", "eu"));
    assertThat(first).isEqualTo(new User("u1", Map.of("plan", "pro", "region", "eu")));

    User merged = storage().mergeAttributes("u1", ordered("plan", "business", "seats", 12));

    assertThat(merged.attributes())
        .isEqualTo(Map.of("plan", "business", "region", "eu", "seats", 12));
    assertThat(storage().get("u1")).contains(merged);
    assertThat(storage().recordIfAbsent("u1")).as("a merge records the user").isFalse();
  }

  @Test
  public void attributesKeepTheOrderTheyWereFirstSetIn() {
    storage().mergeAttributes("u1", ordered("z", 1, "a", 2));
    storage().mergeAttributes("u1", ordered("m", 3, "z", 4));
    assertThat(storage().get("u1").orElseThrow().attributes().keySet())
        .containsExactly("z", "a", "m");
  }

  @Test
  public void replaceDropsTheKeysItDoesNotName() {
    storage().mergeAttributes("u1", ordered("plan", "pro", "region", "eu"));
    User replaced = storage().replaceAttributes("u1", ordered("plan", "free"));
    assertThat(replaced.attributes()).isEqualTo(Map.of("plan", "free"));
    assertThat(storage().get("u1")).contains(replaced);
  }

  @Test
  public void replaceRecordsAnAbsentUser() {
    storage().replaceAttributes("u1", Map.of());
    assertThat(storage().recordIfAbsent("u1")).isFalse();
  }

  @Test
  public void jsonValuesComeBackWithTheirTypesAndValues() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("int", 12);
    values.put("negative", -7);
    values.put("long", 5_000_000_000L);
    values.put("bigInteger", new BigInteger("123456789012345678901234567890"));
    values.put("double", 0.1);
    values.put("wholeDouble", 149.0);
    values.put("tiny", 1.0E-300);
    values.put("bigDecimal", new BigDecimal("0.100000000000000000000000001"));
    values.put("true", true);
    values.put("false", false);
    values.put("null", null);
    values.put("string", "héllo \"wörld\" \\ \n\t\u0001 \uD83D\uDE00");
    values.put("empty", "");
    values.put("list", List.of(1, "two", List.of(3.5, false), Map.of()));
    values.put("map", ordered("nested", ordered("deeper", List.of(), "n", 1), "a", "b"));
    values.put("emptyList", List.of());
    values.put("emptyMap", Map.of());

    storage().mergeAttributes("u1", values);

    Map<String, Object> back = storage().get("u1").orElseThrow().attributes();
    assertThat(back).isEqualTo(values);
    assertThat(back.keySet()).containsExactlyElementsOf(values.keySet());
    assertThat(back.get("int")).isInstanceOf(Integer.class);
    assertThat(back.get("long")).isInstanceOf(Long.class);
    assertThat(back.get("bigInteger")).isInstanceOf(BigInteger.class);
    assertThat(back.get("double")).isInstanceOf(Double.class);
    assertThat(back.get("wholeDouble")).isInstanceOf(Double.class);
    assertThat(back.get("bigDecimal")).isInstanceOf(BigDecimal.class);
    assertThat(back.get("true")).isEqualTo(true);
    assertThat(back).containsKey("null");
    assertThat(back.get("null")).isNull();
  }

  @Test
  public void keysOfAnyTextAreKeptApart() {
    Map<String, Object> tricky = new LinkedHashMap<>();
    tricky.put("", 1);
    tricky.put("a:b", 2);
    tricky.put("a", 3);
    tricky.put("n", 4);
    tricky.put("{x}", 5);
    tricky.put("ключ", 6);
    storage().mergeAttributes("user:{weird} id", tricky);
    assertThat(storage().get("user:{weird} id").orElseThrow().attributes()).isEqualTo(tricky);
    assertThat(storage().get("user:{weird}")).isEmpty();
  }

  @Test
  public void concurrentRecordsOfOneNewUserSayNewExactlyOnce() throws Exception {
    int threads = 8;
    int users = 200;
    AtomicInteger news = new AtomicInteger();
    runConcurrently(
        threads,
        t -> {
          for (int i = 0; i < users; i++) {
            if (storage().recordIfAbsent("user-" + i)) {
              news.incrementAndGet();
            }
          }
        });
    assertThat(news).hasValue(users);
  }

  @Test
  public void concurrentMergesOfDifferentKeysLoseNone() throws Exception {
    int threads = 8;
    int keysPerThread = 50;
    runConcurrently(
        threads,
        t -> {
          for (int k = 0; k < keysPerThread; k++) {
            storage().mergeAttributes("u1", Map.of("t" + t + "-k" + k, k));
          }
        });
    Map<String, Object> attributes = storage().get("u1").orElseThrow().attributes();
    assertThat(attributes).hasSize(threads * keysPerThread);
    for (int t = 0; t < threads; t++) {
      for (int k = 0; k < keysPerThread; k++) {
        assertThat(attributes).containsEntry("t" + t + "-k" + k, k);
      }
    }
  }

  @Test
  public void aReplaceIsAtomicForConcurrentReaders() throws Exception {
    Map<String, Object> a = ordered("x", "a", "y", "a");
    Map<String, Object> b = ordered("x", "b", "y", "b");
    storage().replaceAttributes("u1", a);
    List<Map<String, Object>> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    runConcurrently(
        4,
        t -> {
          for (int i = 0; i < 100; i++) {
            if (t % 2 == 0) {
              storage().replaceAttributes("u1", i % 2 == 0 ? b : a);
            } else {
              seen.add(storage().get("u1").orElseThrow().attributes());
            }
          }
        });
    assertThat(seen).hasSize(200).allSatisfy(m -> assertThat(m).isIn(a, b));
  }

  /** A map in the order given: {@code ordered("k1", v1, "k2", v2)}. */
  protected static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  /** Runs {@code body(t)} on {@code threads} threads at once and rethrows the first failure. */
  protected static void runConcurrently(int threads, ThreadBody body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  body.run(thread);
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(50, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** The work of one thread of {@link #runConcurrently}. */
  @FunctionalInterface
  protected interface ThreadBody {
    /** Runs as thread number {@code thread}. */
    void run(int thread) throws Exception;
  }
}
