package io.atrack.local;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atrack.sdk.Keys;
import io.atrack.testkit.RecordedRequest;
import io.atrack.testkit.Response;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The collector side: every request the {@code FakeCollector} does not route elsewhere comes here
 * (its responder) to be checked, counted as a first attempt or a retry, stored, applied to its
 * user, published to the page, and answered: normally, with the fault switch in force, or with 400
 * in strict mode.
 *
 * <p>Runs on the collector's server threads. One lock serialises the part that reads and writes the
 * history (attempt counts, {@code isNewUser}, users), so two requests never count the same attempt;
 * publishing and answering happen after it is released.
 */
final class Intake implements Function<RecordedRequest, Response> {
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private final Store store;
  private final Faults faults;
  private final EventStream events;
  private final boolean strict;
  private final Object lock = new Object();

  Intake(Store store, Faults faults, EventStream events, boolean strict) {
    this.store = store;
    this.faults = faults;
    this.events = events;
    this.strict = strict;
  }

  @Override
  public Response apply(RecordedRequest request) {
    Endpoint endpoint = Endpoint.of(request.path());
    return endpoint == null ? unknownPath(request) : collect(endpoint, request);
  }

  private Response collect(Endpoint endpoint, RecordedRequest request) {
    Validator.Checked checked = Validator.check(endpoint, request);
    List<String> problems = new ArrayList<>(checked.problems());
    ObjectNode body = checked.body();
    String uuid = text(body, "uuid");
    String raw = request.rawBody();
    String hash = sha256(raw);
    Fault fault = faults.next();
    if (fault != null && fault.count() != null) {
      events.publishFaults(faults.toJson()); // a counted fault changed (or ran out)
    }
    StoredRequest stored;
    Response response;
    synchronized (lock) {
      String retryKey = null;
      int attempt = 1;
      String eventId = endpoint == Endpoint.EVENT ? text(body, "eventId") : null;
      String requestId = endpoint == Endpoint.EVENT ? null : text(body, "requestId");
      if (eventId != null) {
        retryKey = "EVENT:" + eventId;
        attempt = attemptOfId(retryKey, "eventId", hash, problems);
      } else if (requestId != null && uuid != null) {
        // The SDK's requestId: made once per init or setAttributes call, kept on every attempt.
        retryKey = "REQUEST:" + requestId;
        attempt = attemptOfId(retryKey, "requestId", hash, problems);
      } else if (endpoint != Endpoint.EVENT && uuid != null) {
        // No requestId (an older SDK): a retry is the same body again right after a try that
        // failed (the SDK sends nothing else for a user while one of its state changes is
        // unfinished). The same body after a 2xx is a new call, such as the same init from a
        // restarted service.
        retryKey = endpoint.name() + ":" + hash;
        Store.Previous previous = store.lastStateChange(uuid);
        if (previous != null
            && retryKey.equals(previous.retryKey())
            && !(previous.status() >= 200 && previous.status() < 300)) {
          attempt = previous.attempt() + 1;
        }
      }
      if (endpoint == Endpoint.INIT
          && uuid != null
          && attempt == 1
          && body != null
          && body.path("isNewUser").asBoolean(false)) {
        Store.UserRow known = store.user(uuid);
        if (known != null) {
          problems.add(
              "isNewUser: true, but this uuid was initialised before (request #"
                  + known.firstRequest()
                  + "); a user storage that forgets users, such as MemoryUserStorage after a"
                  + " restart, does this");
        }
      }
      response = answer(fault, problems);
      int status = fault != null && fault.drop() ? 0 : statusOf(fault, problems);
      stored =
          store.insert(
              new Store.NewRequest(
                  ISO_MILLIS.format(request.receivedAt()),
                  request.method(),
                  request.path(),
                  endpoint,
                  maskedKey(request),
                  request.header("content-type"),
                  request.header("user-agent"),
                  bodyJson(body, raw),
                  uuid,
                  text(body, "event"),
                  retryKey,
                  hash,
                  attempt,
                  List.copyOf(problems),
                  status,
                  fault == null ? null : fault.describe()));
      if (status >= 200 && status < 300 && uuid != null && body != null) {
        applyToUser(endpoint, uuid, body, stored.id());
      }
    }
    events.publishRequest(stored);
    return response;
  }

  /** What a server keeps of a delivered {@code /init} or {@code /attributes}: merge or replace. */
  private void applyToUser(Endpoint endpoint, String uuid, ObjectNode body, long requestId) {
    if (endpoint == Endpoint.EVENT) {
      return;
    }
    JsonNode changes = body.get("attributes");
    if (changes != null && !changes.isObject()) {
      return; // a problem already says so; nothing a server could apply
    }
    String mode = endpoint == Endpoint.INIT ? "merge" : text(body, "mode");
    if (!"merge".equals(mode) && !"replace".equals(mode)) {
      return;
    }
    Store.UserRow known = store.user(uuid);
    ObjectNode attributes =
        known == null || "replace".equals(mode)
            ? LocalJson.MAPPER.createObjectNode()
            : known.attributes();
    if (changes != null) {
      // Top-level keys laid over the old ones, as the SDK's own merge does.
      attributes.setAll((ObjectNode) changes);
    }
    store.putUser(uuid, attributes, requestId);
  }

  private Response answer(@Nullable Fault fault, List<String> problems) {
    if (fault != null) {
      Duration latency = Duration.ofMillis(fault.latencyMs());
      if (fault.drop()) {
        return Response.dropConnection().delay(latency);
      }
      if (fault.status() != 0) {
        Response r =
            Response.status(fault.status())
                .body(LocalJson.error("fault switched on in A-Track Local: " + fault.describe()));
        if (fault.retryAfter() != null) {
          r = r.retryAfter(Integer.toString(fault.retryAfter()));
        }
        return r.delay(latency);
      }
      return normal(problems).delay(latency);
    }
    return normal(problems);
  }

  private Response normal(List<String> problems) {
    if (strict && !problems.isEmpty()) {
      return Response.status(400).body(LocalJson.error(String.join("; ", problems)));
    }
    return Response.ok();
  }

  private int statusOf(@Nullable Fault fault, List<String> problems) {
    if (fault != null && fault.status() != 0) {
      return fault.status();
    }
    return strict && !problems.isEmpty() ? 400 : 200;
  }

  /**
   * The attempt of a request whose body carries an id kept on every attempt ({@code eventId},
   * {@code requestId}): 1 plus how often the id was seen; the id again with another body is a
   * problem. Called under {@code lock}.
   */
  private int attemptOfId(String retryKey, String field, String hash, List<String> problems) {
    Store.Previous previous = store.lastWithRetryKey(retryKey);
    if (previous == null) {
      return 1;
    }
    if (!hash.equals(previous.bodyHash())) {
      problems.add(
          field
              + ": already sent by request #"
              + previous.id()
              + " with a different body; a retry resends the same body");
    }
    return previous.attempt() + 1;
  }

  /** Not an A-Track endpoint: shown on the page (a wrong base URL shows up there), answered 404. */
  private Response unknownPath(RecordedRequest request) {
    String problem =
        "path: "
            + Validator.shown(request.path())
            + " is not an A-Track endpoint (…/init, …/attributes or …/event)";
    StoredRequest stored;
    synchronized (lock) {
      stored =
          store.insert(
              new Store.NewRequest(
                  ISO_MILLIS.format(request.receivedAt()),
                  request.method(),
                  request.path(),
                  null,
                  maskedKey(request),
                  request.header("content-type"),
                  request.header("user-agent"),
                  bodyJson(null, request.rawBody()),
                  null,
                  null,
                  null,
                  null,
                  1,
                  List.of(problem),
                  404,
                  null));
    }
    events.publishRequest(stored);
    return Response.status(404).body(LocalJson.error(problem));
  }

  private static @Nullable String maskedKey(RecordedRequest request) {
    String key = request.header("x-a-track-key");
    return key == null ? null : Keys.mask(key);
  }

  /** The body as JSON text: itself when it is JSON, else the raw text as a JSON string. */
  private static String bodyJson(@Nullable ObjectNode parsed, String raw) {
    if (parsed != null) {
      return raw;
    }
    if (raw.isEmpty()) {
      return "null";
    }
    try {
      LocalJson.MAPPER.readTree(raw);
      return raw;
    } catch (JsonProcessingException e) {
      return LocalJson.write(raw);
    }
  }

  private static @Nullable String text(@Nullable ObjectNode body, String field) {
    if (body == null) {
      return null;
    }
    JsonNode v = body.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  private static String sha256(String raw) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw.getBytes(UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }
}
