package io.atrack.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.storage.UserStorage;
import io.atrack.sdk.storage.UserStorageContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The storage contract on a real three-master Redis Cluster. */
class ClusterRedisContractTest extends UserStorageContract {
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static RedisClusterProcesses cluster;
  private final List<RedisUserStorage> opened = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = RedisClusterProcesses.start();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  @AfterEach
  void closeStorages() {
    opened.forEach(RedisUserStorage::close);
  }

  @Override
  protected UserStorage createStorage() {
    RedisUserStorage s =
        RedisUserStorage.builder()
            .uri(cluster.seedUri())
            .cluster(true)
            .timeout(Duration.ofSeconds(5)) // a busy 2-core machine, not a production setting
            .keyPrefix("test" + PREFIXES.incrementAndGet() + ":")
            .build();
    opened.add(s);
    return s;
  }

  @Test
  void usersSpreadOverTheMastersAndEachUserIsOneKey() throws Exception {
    RedisUserStorage storage =
        RedisUserStorage.builder()
            .uri(cluster.seedUri())
            .cluster(true)
            .timeout(Duration.ofSeconds(5))
            .keyPrefix("spread:")
            .build();
    opened.add(storage);
    for (int i = 0; i < 30; i++) {
      storage.mergeAttributes("spread-" + i, Map.of("i", i));
    }
    Set<Integer> nodesWithKeys = new HashSet<>();
    long keys = 0;
    for (RedisProcess node : cluster.nodes()) {
      String found = node.cli("--raw", "--scan", "--pattern", "spread:*").trim();
      long n = found.isEmpty() ? 0 : found.split("\n").length;
      keys += n;
      if (n > 0) {
        nodesWithKeys.add(node.port());
      }
    }
    assertThat(keys).isEqualTo(30);
    assertThat(nodesWithKeys).hasSizeGreaterThan(1);
  }
}
