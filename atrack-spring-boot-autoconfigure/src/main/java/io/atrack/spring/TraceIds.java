package io.atrack.spring;

import io.atrack.sdk.Interceptor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An interceptor that adds the span current at the call ({@code traceId}, {@code spanId}) to the
 * call's context, so an analytics event can be joined to its trace. Runs on the caller's thread,
 * where the tracer's thread-local span is; a call with no current span passes unchanged.
 */
final class TraceIds implements Interceptor {
  /** The current span's ids, or null when there is none. */
  record Ids(String traceId, String spanId) {}

  private final Supplier<@Nullable Ids> current;
  private final String source;

  TraceIds(Supplier<@Nullable Ids> current, String source) {
    this.current = current;
    this.source = source;
  }

  @Override
  public @Nullable Call intercept(Call call) {
    Ids ids = current.get();
    if (ids == null) {
      return call;
    }
    return call.toBuilder()
        .putContext("traceId", ids.traceId())
        .putContext("spanId", ids.spanId())
        .build();
  }

  @Override
  public String toString() {
    return "A-Track trace ids (" + source + ")";
  }
}
