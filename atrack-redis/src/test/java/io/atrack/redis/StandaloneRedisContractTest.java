package io.atrack.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrack.sdk.User;
import io.atrack.sdk.storage.UserStorage;
import io.atrack.sdk.storage.UserStorageContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The storage contract on a real standalone Redis, and what is particular to Redis. */
class StandaloneRedisContractTest extends UserStorageContract {
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static RedisProcess redis;
  private final List<RedisUserStorage> opened = new ArrayList<>();

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisProcess.standalone();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @AfterEach
  void closeStorages() {
    opened.forEach(RedisUserStorage::close);
  }

  @Override
  protected UserStorage createStorage() {
    return open(
        RedisUserStorage.builder()
            .uri(redis.uri())
            .timeout(Duration.ofSeconds(5)) // a busy 2-core machine, not a production setting
            .keyPrefix("test" + PREFIXES.incrementAndGet() + ":"));
  }

  private RedisUserStorage open(RedisUserStorageBuilder builder) {
    RedisUserStorage s = builder.build();
    opened.add(s);
    return s;
  }

  @Test
  void keysAreThePrefixAndTheUuidInBraces() throws Exception {
    RedisUserStorage storage = open(RedisUserStorage.builder().uri(redis.uri()));
    storage.mergeAttributes("key-shape-user", Map.of("plan", "pro"));

    assertThat(storage.key("key-shape-user")).isEqualTo("atrack:{key-shape-user}");
    assertThat(redis.cli("--raw", "exists", "atrack:{key-shape-user}").trim()).isEqualTo("1");
    assertThat(redis.cli("--raw", "hget", "atrack:{key-shape-user}", "a:plan").trim())
        .isEqualTo("1:\"pro\"");
  }

  @Test
  void aTtlIsSetAndRefreshedOnUse() throws Exception {
    RedisUserStorage storage =
        open(
            RedisUserStorage.builder().uri(redis.uri()).keyPrefix("ttl:").ttl(Duration.ofHours(1)));
    storage.recordIfAbsent("u1");
    redis.cli("pexpire", "ttl:{u1}", "5000");

    storage.get("u1");

    long ttl = Long.parseLong(redis.cli("--raw", "pttl", "ttl:{u1}").trim());
    assertThat(ttl).isGreaterThan(5000).isLessThanOrEqualTo(3_600_000);
  }

  @Test
  void withoutATtlRecordsDoNotExpire() throws Exception {
    RedisUserStorage storage =
        open(RedisUserStorage.builder().uri(redis.uri()).keyPrefix("nottl:"));
    storage.recordIfAbsent("u1");
    assertThat(redis.cli("--raw", "pttl", "nottl:{u1}").trim()).isEqualTo("-1");
  }

  @Test
  void theScriptsAreLoadedAgainAfterAScriptFlush() throws Exception {
    UserStorage storage = storage();
    storage.recordIfAbsent("u1");
    redis.cli("script", "flush");
    assertThat(storage.recordIfAbsent("u2")).isTrue();
    assertThat(storage.mergeAttributes("u1", Map.of("a", 1)).attributes()).containsEntry("a", 1);
  }

  @Test
  void aStorageBuiltWhileRedisIsDownConnectsLater() throws Exception {
    RedisProcess late = RedisProcess.standalone();
    try {
      late.stop();
      RedisUserStorage storage =
          open(RedisUserStorage.builder().uri(late.uri()).timeout(Duration.ofMillis(200)));
      assertThatThrownBy(() -> storage.recordIfAbsent("u1"))
          .isInstanceOf(RedisStorageException.class)
          .hasMessageContaining("127.0.0.1:" + late.port());
      late.start();
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .ignoreExceptionsInstanceOf(RedisStorageException.class)
          .until(() -> storage.recordIfAbsent("u1"));
      assertThat(storage.get("u1")).contains(User.of("u1"));
    } finally {
      late.close();
    }
  }

  @Test
  void aClientOfYourOwnStaysOpenAfterClose() {
    io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(redis.uri());
    try {
      RedisUserStorage storage = RedisUserStorage.builder().client(client).build();
      storage.recordIfAbsent("own-client-user");
      storage.close();
      try (var connection = client.connect()) {
        assertThat(connection.sync().exists("atrack:{own-client-user}")).isEqualTo(1L);
      }
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Test
  void settingsAreCheckedWithClearMessages() {
    assertThatThrownBy(() -> RedisUserStorage.builder().keyPrefix("app:{x}:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cluster slot");
    assertThatThrownBy(() -> RedisUserStorage.builder().uri("http://host"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redis://");
    assertThatThrownBy(
            () ->
                RedisUserStorage.builder()
                    .uri("redis://user:s3cret@host:1")
                    .ttl(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ttl");
    assertThatThrownBy(() -> RedisUserStorage.builder().timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> RedisUserStorage.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("uri");
  }

  @Test
  void toStringNeverShowsThePassword() {
    RedisUserStorage storage =
        open(
            RedisUserStorage.builder()
                .uri("redis://app:s3cret@127.0.0.1:" + redis.port())
                .timeout(Duration.ofMillis(200)));
    assertThat(storage.toString()).contains("127.0.0.1").doesNotContain("s3cret");
  }
}
