package io.atrack.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One fault switch, as {@code POST /api/faults} takes it: {@code {"status":503, "retryAfter":1,
 * "count":3}}, {@code {"latencyMs":2000}}, {@code {"drop":true, "share":0.5}}.
 *
 * @param status the status to answer, 0 for the normal answer (then latency or drop is the fault)
 * @param retryAfter the {@code Retry-After} seconds sent with the status, or null for none
 * @param count how many requests get the fault, or null for every request until it is cleared
 * @param share the share of requests (0 &lt; share &le; 1) that get it; 1 by default
 * @param latencyMs how long to wait before answering (or dropping); 0 by default
 * @param drop whether to close the connection without an answer instead
 */
record Fault(
    int status,
    @Nullable Integer retryAfter,
    @Nullable Integer count,
    double share,
    long latencyMs,
    boolean drop) {

  static final long MAX_LATENCY_MS = 120_000;

  /**
   * Reads a fault from the API's JSON.
   *
   * @throws IllegalArgumentException naming the field at fault
   */
  static Fault parse(JsonNode json) {
    if (!(json instanceof ObjectNode)) {
      throw new IllegalArgumentException("body: expected a JSON object");
    }
    int status = (int) number(json, "status", 200, 599, 0);
    Integer retryAfter =
        json.hasNonNull("retryAfter") ? (int) number(json, "retryAfter", 0, 3600, 0) : null;
    Integer count = json.hasNonNull("count") ? (int) number(json, "count", 1, 1_000_000, 1) : null;
    double share = 1;
    if (json.hasNonNull("share")) {
      JsonNode s = json.get("share");
      if (!s.isNumber() || !(s.asDouble() > 0 && s.asDouble() <= 1)) {
        throw new IllegalArgumentException("share: expected a number in (0, 1], was " + s);
      }
      share = s.asDouble();
    }
    long latency = number(json, "latencyMs", 0, MAX_LATENCY_MS, 0);
    boolean drop = false;
    if (json.hasNonNull("drop")) {
      if (!json.get("drop").isBoolean()) {
        throw new IllegalArgumentException("drop: expected a boolean, was " + json.get("drop"));
      }
      drop = json.get("drop").asBoolean();
    }
    if (retryAfter != null && status == 0) {
      throw new IllegalArgumentException("retryAfter: needs a status to go with it");
    }
    if (drop && status != 0) {
      throw new IllegalArgumentException(
          "drop: a dropped connection has no status; send one of them");
    }
    if (status == 0 && latency == 0 && !drop) {
      throw new IllegalArgumentException(
          "status, latencyMs or drop: a fault needs at least one of them");
    }
    return new Fault(status, retryAfter, count, share, latency, drop);
  }

  private static long number(JsonNode json, String field, long min, long max, long absent) {
    JsonNode v = json.get(field);
    if (v == null || v.isNull()) {
      return absent;
    }
    if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
      throw new IllegalArgumentException(
          field + ": expected a whole number in " + min + ".." + max + ", was " + v);
    }
    return v.asLong();
  }

  /** This fault with {@code remaining} requests left to hit. */
  Fault withCount(@Nullable Integer remaining) {
    return new Fault(status, retryAfter, remaining, share, latencyMs, drop);
  }

  /** For the API and the page: the fields that are set. */
  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (status != 0) {
      m.put("status", status);
    }
    if (retryAfter != null) {
      m.put("retryAfter", retryAfter);
    }
    if (count != null) {
      m.put("count", count);
    }
    if (share < 1) {
      m.put("share", share);
    }
    if (latencyMs > 0) {
      m.put("latencyMs", latencyMs);
    }
    if (drop) {
      m.put("drop", true);
    }
    return m;
  }

  /** Shown on a request it hit: {@code 503 Retry-After 1}, {@code dropped after 200 ms}. */
  String describe() {
    StringBuilder sb = new StringBuilder();
    if (drop) {
      sb.append("dropped");
    } else if (status != 0) {
      sb.append(status);
      if (retryAfter != null) {
        sb.append(" Retry-After ").append(retryAfter);
      }
    } else {
      sb.append("delayed");
    }
    if (latencyMs > 0) {
      sb.append(drop || status != 0 ? " after " : " ").append(latencyMs).append(" ms");
    }
    return sb.toString();
  }
}
