package io.atrack.local;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON API beside the page, under {@code /api/}:
 *
 * <ul>
 *   <li>{@code GET /api/requests?limit=N&before=<id>}: a page of requests, newest last (default and
 *       most: {@value #DEFAULT_LIMIT} and {@value #MAX_LIMIT}); also {@code after=<id>}, {@code
 *       uuid=}, {@code event=} (part of the name), {@code path=} (part of it), {@code
 *       problems=true}
 *   <li>{@code DELETE /api/requests}: forgets every request and user
 *   <li>{@code GET /api/users/{uuid}}: the user as a server would hold it, and its events
 *   <li>{@code GET|POST|DELETE /api/faults}: the fault switch
 *   <li>{@code GET /api/stream}: server-sent events for the page
 *   <li>{@code GET /api/export}: every request as JSON lines
 *   <li>{@code GET /api/status}: counts and settings
 * </ul>
 *
 * Runs on the collector's server threads; every call reads the database, none holds a lock of ours
 * while it writes to the network.
 */
final class Api implements HttpHandler {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  static final int USER_EVENTS = 500;

  private final Store store;
  private final Faults faults;
  private final EventStream events;
  private final boolean strict;

  Api(Store store, Faults faults, EventStream events, boolean strict) {
    this.store = store;
    this.faults = faults;
    this.events = events;
    this.strict = strict;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    String method = exchange.getRequestMethod();
    try {
      if (path.equals("/api/requests")) {
        if (method.equals("GET")) {
          requests(exchange);
        } else if (method.equals("DELETE")) {
          store.clear();
          events.publishCleared();
          Http.json(exchange, 200, "{\"cleared\":true}");
        } else {
          notAllowed(exchange, "GET, DELETE");
        }
      } else if (path.startsWith("/api/users/") && path.length() > "/api/users/".length()) {
        if (method.equals("GET")) {
          user(exchange, Http.decode(path.substring("/api/users/".length())));
        } else {
          notAllowed(exchange, "GET");
        }
      } else if (path.equals("/api/faults")) {
        faults(exchange, method);
      } else if (path.equals("/api/stream") && method.equals("GET")) {
        events.open(exchange);
      } else if (path.equals("/api/export") && method.equals("GET")) {
        export(exchange);
      } else if (path.equals("/api/status") && method.equals("GET")) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("requests", store.count());
        status.put("strict", strict);
        status.put("faults", faults.toJson());
        Http.json(exchange, 200, LocalJson.write(status));
      } else {
        Http.error(exchange, 404, "no such API: " + method + " " + path);
      }
    } catch (BadRequest e) {
      Http.error(exchange, 400, String.valueOf(e.getMessage()));
    }
  }

  private void requests(HttpExchange exchange) throws IOException {
    Map<String, String> q = Http.query(exchange);
    int limit = (int) number(q, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
    Long before = q.containsKey("before") ? number(q, "before", 1, Long.MAX_VALUE, 0) : null;
    Long after = q.containsKey("after") ? number(q, "after", 0, Long.MAX_VALUE, 0) : null;
    Store.Filter filter =
        new Store.Filter(
            blankToNull(q.get("uuid")),
            blankToNull(q.get("event")),
            blankToNull(q.get("path")),
            "true".equals(q.get("problems")));
    List<StoredRequest> page = store.page(filter, limit, before, after);
    Http.json(exchange, 200, array(page));
  }

  private void user(HttpExchange exchange, String uuid) throws IOException {
    Store.UserRow row = store.user(uuid);
    List<StoredRequest> userEvents = store.userEvents(uuid, USER_EVENTS);
    long requests = store.countForUser(uuid);
    if (row == null && requests == 0) {
      Http.error(exchange, 404, "no requests for uuid " + Validator.shown(uuid));
      return;
    }
    // One entry per eventId: a retry is the same event again, shown as its attempts.
    Map<String, Map<String, Object>> byEventId = new LinkedHashMap<>();
    for (StoredRequest r : userEvents) {
      JsonNode body = parse(r.body());
      String eventId = body == null ? null : body.path("eventId").asText(null);
      String key = eventId == null ? "request:" + r.id() : eventId;
      Map<String, Object> e = byEventId.get(key);
      if (e == null) {
        e = new LinkedHashMap<>();
        e.put("id", r.id());
        e.put("event", r.event());
        e.put("eventId", eventId);
        e.put("timestamp", body == null ? null : body.path("timestamp").asText(null));
        e.put("attributes", body == null ? null : body.get("attributes"));
        byEventId.put(key, e);
      }
      e.put("attempts", r.attempt());
      e.put("status", r.status());
    }
    // In the order they happened: events of one user may travel in parallel and arrive swapped.
    List<Map<String, Object>> inOrder = new java.util.ArrayList<>(byEventId.values());
    inOrder.sort(
        java.util.Comparator.comparing(
                (Map<String, Object> e) -> String.valueOf(e.get("timestamp")))
            .thenComparing(e -> (Long) e.get("id")));
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("uuid", uuid);
    user.put("attributes", row == null ? Map.of() : row.attributes());
    user.put("known", row != null);
    user.put("requests", requests);
    user.put("events", inOrder);
    Http.json(exchange, 200, LocalJson.write(user));
  }

  private void faults(HttpExchange exchange, String method) throws IOException {
    switch (method) {
      case "GET" -> {}
      case "POST" -> {
        byte[] body = exchange.getRequestBody().readNBytes(64 * 1024);
        JsonNode json = parse(new String(body, UTF_8));
        if (json == null) {
          throw new BadRequest("body: expected a JSON object like {\"status\":503,\"count\":3}");
        }
        try {
          faults.set(Fault.parse(json));
        } catch (IllegalArgumentException e) {
          throw new BadRequest(String.valueOf(e.getMessage()));
        }
        events.publishFaults(faults.toJson());
      }
      case "DELETE" -> {
        faults.set(null);
        events.publishFaults(faults.toJson());
      }
      default -> {
        notAllowed(exchange, "GET, POST, DELETE");
        return;
      }
    }
    Http.json(exchange, 200, LocalJson.write(faults.toJson()));
  }

  private void export(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson; charset=utf-8");
    exchange
        .getResponseHeaders()
        .set("Content-Disposition", "attachment; filename=\"atrack-local-export.jsonl\"");
    exchange.sendResponseHeaders(200, 0);
    try (Writer out =
        new BufferedWriter(new OutputStreamWriter(exchange.getResponseBody(), UTF_8))) {
      store.forEach(
          r -> {
            try {
              out.write(r.toJson());
              out.write('\n');
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (UncheckedIOException e) {
      throw e.getCause(); // the browser went away mid-download
    } finally {
      exchange.close();
    }
  }

  private static String array(List<StoredRequest> page) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = LocalJson.MAPPER.createGenerator(w)) {
      g.writeStartArray();
      for (StoredRequest r : page) {
        r.write(g);
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  private static void notAllowed(HttpExchange exchange, String allowed) throws IOException {
    exchange.getResponseHeaders().set("Allow", allowed);
    Http.error(exchange, 405, "method not allowed; use " + allowed);
  }

  private static @Nullable JsonNode parse(String json) {
    try {
      return LocalJson.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static long number(Map<String, String> q, String name, long min, long max, long absent) {
    String v = q.get(name);
    if (v == null) {
      return absent;
    }
    try {
      long n = Long.parseLong(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadRequest(name + ": expected a whole number in " + min + ".." + max + ", was " + v);
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** A client error with the message to answer. */
  private static final class BadRequest extends RuntimeException {
    BadRequest(String message) {
      super(message, null, false, false);
    }
  }
}
