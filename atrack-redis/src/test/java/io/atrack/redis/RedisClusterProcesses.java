package io.atrack.redis;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real three-master Redis Cluster on loopback: three cluster-enabled {@code redis-server}s joined
 * with {@code redis-cli --cluster create}, ready once every node says {@code cluster_state:ok}.
 */
final class RedisClusterProcesses implements AutoCloseable {
  private final Path dir;
  private final List<RedisProcess> nodes = new ArrayList<>();

  private RedisClusterProcesses(Path dir) {
    this.dir = dir;
  }

  static RedisClusterProcesses start() throws Exception {
    RedisClusterProcesses cluster =
        new RedisClusterProcesses(Files.createTempDirectory("atrack-redis-cluster"));
    try {
      for (int i = 0; i < 3; i++) {
        cluster.nodes.add(RedisProcess.clusterNode(cluster.dir));
      }
      List<String> args = new ArrayList<>(List.of("--cluster", "create"));
      for (RedisProcess n : cluster.nodes) {
        args.add("127.0.0.1:" + n.port());
      }
      args.add("--cluster-yes");
      String out = cluster.nodes.get(0).cli(args.toArray(String[]::new));
      if (!out.contains("All 16384 slots covered")) {
        throw new IOException("redis-cli --cluster create failed:\n" + out);
      }
      await("cluster_state:ok on every node")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(cluster::allOk);
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  private boolean allOk() throws Exception {
    for (RedisProcess n : nodes) {
      if (!n.cli("cluster", "info").contains("cluster_state:ok")) {
        return false;
      }
    }
    return true;
  }

  /** A seed node's URI. */
  String seedUri() {
    return nodes.get(0).uri();
  }

  List<RedisProcess> nodes() {
    return nodes;
  }

  @Override
  public void close() throws Exception {
    for (RedisProcess n : nodes) {
      n.stop();
    }
    RedisProcess.deleteTree(dir);
  }
}
