package io.atrack.benchmarks.jmh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrack.benchmarks.Workload;
import io.atrack.sdk.ATrack;
import io.atrack.sdk.internal.json.BodyEncoder;
import io.atrack.sdk.internal.json.Ids;
import io.atrack.sdk.internal.json.IsoTimestamps;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@code /event} body: the SDK's {@link BodyEncoder} (its {@code JsonWriter}) against Jackson
 * writing the same body from a {@link LinkedHashMap}, both to {@code byte[]}. Jackson is measured
 * twice: serialising a map built once ({@code jacksonPrebuiltMap}, pure serialisation) and building
 * the map per event as an SDK would have to ({@code jacksonBuildMap}). The setup checks that all
 * three produce the same bytes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class JsonBenchmark {
  private final BodyEncoder encoder = new BodyEncoder(ATrack.sdkVersion(), 64 * 1024);
  private final ObjectMapper mapper = new ObjectMapper();
  private final String user = Workload.user(0);
  private final long millis = 1_775_649_600_123L;
  private final java.util.UUID id =
      new java.util.UUID(
          Ids.v4High(ThreadLocalRandom.current().nextLong()),
          Ids.v4Low(ThreadLocalRandom.current().nextLong()));
  private final String eventId = id.toString();
  private Map<String, Object> prebuilt;

  @Setup
  public void check() throws JsonProcessingException {
    prebuilt = buildMap();
    byte[] a = atrackBodyEncoder();
    byte[] b = jacksonPrebuiltMap();
    byte[] c = jacksonBuildMap();
    if (!Arrays.equals(a, b) || !Arrays.equals(a, c)) {
      throw new IllegalStateException(
          "bodies differ:\n"
              + new String(a, java.nio.charset.StandardCharsets.UTF_8)
              + "\n"
              + new String(b, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private Map<String, Object> buildMap() {
    Map<String, Object> context = new LinkedHashMap<>();
    Workload.CONTEXT.forEach(context::put);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sdkVersion", ATrack.sdkVersion());
    body.put("uuid", user);
    body.put("event", Workload.EVENT);
    body.put("attributes", Workload.ATTRIBUTES);
    body.put("timestamp", IsoTimestamps.isoMillis(millis));
    body.put("context", context);
    body.put("eventId", eventId);
    return body;
  }

  @Benchmark
  public byte[] atrackBodyEncoder() {
    return encoder.event(
        user,
        Workload.EVENT,
        Workload.ATTRIBUTES,
        millis,
        encoder.context(Workload.CONTEXT),
        id.getMostSignificantBits(),
        id.getLeastSignificantBits());
  }

  @Benchmark
  public byte[] jacksonPrebuiltMap() throws JsonProcessingException {
    return mapper.writeValueAsBytes(prebuilt);
  }

  @Benchmark
  public byte[] jacksonBuildMap() throws JsonProcessingException {
    return mapper.writeValueAsBytes(buildMap());
  }
}
