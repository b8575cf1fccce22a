package io.atrack.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrack.sdk.User;
import io.atrack.testkit.FakeCollector;
import io.atrack.testkit.RecordedRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two SDK clients in two JVMs on one Redis, as two instances of a service behind a load balancer:
 * the same 1,000 new users initialised by both at the same moment are new exactly once in all (in
 * the results and on the wire), and their concurrent merges of different keys lose none.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TwoInstancesOneRedisTest {
  @Test
  void exactlyOneInstanceSeesEachNewUserAndNoMergeIsLost() throws Exception {
    try (RedisProcess redis = RedisProcess.standalone();
        FakeCollector collector = FakeCollector.start()) {
      String prefix = "two-jvms:";
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  SharedUsersWorkload.class.getName(),
                  collector.baseUrl().toString(),
                  redis.uri(),
                  prefix)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      try (SharedUsersWorkload parentInstance =
          new SharedUsersWorkload("parent", collector.baseUrl(), redis.uri(), prefix)) {
        BufferedReader out =
            new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("READY");

        OutputStream go = child.getOutputStream();
        go.write("go\n".getBytes(StandardCharsets.UTF_8));
        go.flush();
        CompletableFuture<Integer> parent = CompletableFuture.supplyAsync(parentInstance::run);

        String childLine = out.readLine();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child JVM exits").isTrue();
        assertThat(child.exitValue()).isZero();
        assertThat(childLine).startsWith("NEW ");
        int childNews = Integer.parseInt(childLine.substring(4));
        int parentNews = parent.get(120, TimeUnit.SECONDS);

        // How the 1,000 split depends on which JVM runs ahead; only the sum is a guarantee.
        System.out.println("new users seen by the parent: " + parentNews + ", child: " + childNews);
        assertThat(parentNews + childNews).isEqualTo(SharedUsersWorkload.USERS);
      } finally {
        child.destroyForcibly();
      }

      List<RecordedRequest> inits = collector.requests("/init");
      assertThat(inits).hasSize(2 * SharedUsersWorkload.USERS);
      assertThat(inits.stream().filter(r -> Boolean.TRUE.equals(r.body().get("isNewUser"))))
          .hasSize(SharedUsersWorkload.USERS)
          .extracting(r -> r.body().get("uuid"))
          .doesNotHaveDuplicates();

      try (RedisUserStorage storage =
          RedisUserStorage.builder().uri(redis.uri()).keyPrefix(prefix).build()) {
        for (int i = 0; i < SharedUsersWorkload.USERS; i++) {
          Map<String, Object> attributes =
              storage.get("shared-user-" + i).map(User::attributes).orElseThrow();
          assertThat(attributes).hasSize(2 * SharedUsersWorkload.KEYS_PER_INSTANCE);
          for (int k = 0; k < SharedUsersWorkload.KEYS_PER_INSTANCE; k++) {
            assertThat(attributes).containsEntry("parent-" + k, i).containsEntry("child-" + k, i);
          }
        }
      }
    }
  }
}
