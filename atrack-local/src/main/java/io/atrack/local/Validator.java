package io.atrack.local;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atrack.sdk.Keys;
import io.atrack.testkit.RecordedRequest;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks one request the way a strict A-Track server would (SPEC sections 2 and 3): method, content
 * type, key header, body size, JSON, and each endpoint's fields and their types. Every problem is
 * one string that starts with the field at fault ({@code "timestamp: expected …"}). Stateless and
 * thread-safe; the checks that need history (retries, {@code isNewUser}) are {@link Intake}'s.
 *
 * <p>Extra fields are allowed and key order is not checked: the Node SDK "sends at least" these
 * fields, and JSON objects are unordered for every server.
 */
final class Validator {
  /** The SDK's default {@code maxBodyBytes}: larger bodies never leave a correct client. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  private static final int SHOWN_CHARS = 60;
  private static final Pattern ISO_MILLIS =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
  private static final DateTimeFormatter STRICT_DATE_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withResolverStyle(ResolverStyle.STRICT);
  private static final Pattern UUID_ANY_FORM =
      Pattern.compile(
          "\\{?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\\}?");
  private static final Pattern UUID_V4_CANONICAL =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  private static final Pattern UUID_CANONICAL =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /** What a check found: the problems, and the body as a JSON object when it is one. */
  record Checked(List<String> problems, @Nullable ObjectNode body) {}

  private Validator() {}

  static Checked check(Endpoint endpoint, RecordedRequest request) {
    List<String> problems = new ArrayList<>();
    if (!"POST".equals(request.method())) {
      problems.add("method: expected POST, was " + request.method());
    }
    contentType(request.header("content-type"), problems);
    key(request.header("x-a-track-key"), problems);
    String raw = request.rawBody();
    int bytes = raw.getBytes(UTF_8).length;
    if (bytes > MAX_BODY_BYTES) {
      problems.add(
          "body: "
              + bytes
              + " bytes, over the SDK's limit of "
              + MAX_BODY_BYTES
              + " bytes (64 KiB)");
    }
    ObjectNode body = parse(raw, problems);
    if (body != null) {
      fields(endpoint, body, problems);
    }
    return new Checked(List.copyOf(problems), body);
  }

  /**
   * Whether a uuid sent with {@code isNewUser: true} looks generated (any UUID form) but is not
   * what the SDK generates: a version-4 UUID in canonical lower-case 36-character form.
   */
  static boolean badGeneratedUuid(String uuid) {
    return UUID_ANY_FORM.matcher(uuid).matches() && !UUID_V4_CANONICAL.matcher(uuid).matches();
  }

  /** {@code "value"} for a problem message: quoted, cut, control characters escaped. */
  static String shown(String value) {
    StringBuilder sb = new StringBuilder("\"");
    int end = Math.min(value.length(), SHOWN_CHARS);
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append(end < value.length() ? "…\"" : "\"").toString();
  }

  private static void contentType(@Nullable String header, List<String> problems) {
    if (header == null) {
      problems.add("content-type: missing, expected application/json");
      return;
    }
    String[] parts = header.split(";", -1);
    String type = parts[0].strip().toLowerCase(Locale.ROOT);
    if (!type.equals("application/json")) {
      problems.add("content-type: expected application/json, was " + shown(header));
      return;
    }
    for (int i = 1; i < parts.length; i++) {
      String param = parts[i].strip().toLowerCase(Locale.ROOT);
      if (param.startsWith("charset=")) {
        String charset = param.substring("charset=".length()).replace("\"", "");
        if (!charset.equals("utf-8")) {
          problems.add("content-type: the body is UTF-8, but charset says " + shown(charset));
        }
      }
    }
  }

  private static void key(@Nullable String key, List<String> problems) {
    if (key == null) {
      problems.add("x-a-track-key: missing");
      return;
    }
    // Never the whole key, even in a problem on a page: masked as the SDK masks it.
    if (!key.startsWith("pub_")) {
      problems.add(
          "x-a-track-key: must start with \"pub_\", was "
              + (key.isEmpty() ? "empty" : Keys.mask(key)));
    } else if (key.length() == "pub_".length()) {
      problems.add("x-a-track-key: nothing after \"pub_\"");
    }
    for (int i = 0; i < key.length(); i++) {
      if (Character.isWhitespace(key.charAt(i)) || Character.isISOControl(key.charAt(i))) {
        problems.add("x-a-track-key: contains whitespace or a control character");
        return;
      }
    }
  }

  private static @Nullable ObjectNode parse(String raw, List<String> problems) {
    if (raw.isEmpty()) {
      problems.add("body: empty, expected a JSON object");
      return null;
    }
    JsonNode node;
    try {
      node = LocalJson.MAPPER.readTree(raw);
    } catch (JsonProcessingException e) {
      problems.add("body: not valid JSON (" + e.getOriginalMessage() + ")");
      return null;
    }
    if (node instanceof ObjectNode object) {
      return object;
    }
    problems.add("body: expected a JSON object, was " + typeOf(node));
    return null;
  }

  private static void fields(Endpoint endpoint, ObjectNode body, List<String> problems) {
    require(body, "sdkVersion", JsonNodeType.STRING, problems);
    String uuid =
        require(body, "uuid", JsonNodeType.STRING, problems) ? body.get("uuid").asText() : null;
    if (uuid != null && uuid.isBlank()) {
      problems.add("uuid: empty");
    }
    switch (endpoint) {
      case INIT -> {
        require(body, "isNewUser", JsonNodeType.BOOLEAN, problems);
        mode(body, true, problems);
        require(body, "context", JsonNodeType.OBJECT, problems);
        require(body, "attributes", JsonNodeType.OBJECT, problems);
        require(body, "profile", JsonNodeType.OBJECT, problems);
        requestId(body, problems);
        if (uuid != null && body.path("isNewUser").asBoolean(false) && badGeneratedUuid(uuid)) {
          problems.add(
              "uuid: isNewUser is true and "
                  + shown(uuid)
                  + " looks generated, but is not a version-4 UUID in canonical lower-case form");
        }
      }
      case ATTRIBUTES -> {
        mode(body, false, problems);
        require(body, "attributes", JsonNodeType.OBJECT, problems);
        require(body, "profile", JsonNodeType.OBJECT, problems);
        requestId(body, problems);
      }
      case EVENT -> {
        if (require(body, "event", JsonNodeType.STRING, problems)
            && body.get("event").asText().isBlank()) {
          problems.add("event: empty");
        }
        require(body, "attributes", JsonNodeType.OBJECT, problems);
        if (require(body, "timestamp", JsonNodeType.STRING, problems)) {
          timestamp(body.get("timestamp").asText(), problems);
        }
        require(body, "context", JsonNodeType.OBJECT, problems);
        if (require(body, "eventId", JsonNodeType.STRING, problems)
            && !UUID_CANONICAL.matcher(body.get("eventId").asText()).matches()) {
          problems.add(
              "eventId: expected a UUID in canonical lower-case form, was "
                  + shown(body.get("eventId").asText()));
        }
      }
    }
  }

  /** {@code requestId} is optional (an older SDK sends none); when there, it is a string. */
  private static void requestId(ObjectNode body, List<String> problems) {
    JsonNode value = body.get("requestId");
    if (value != null && !value.isTextual()) {
      problems.add("requestId: expected a string, was " + typeOf(value));
    }
  }

  private static void mode(ObjectNode body, boolean init, List<String> problems) {
    if (!require(body, "mode", JsonNodeType.STRING, problems)) {
      return;
    }
    String mode = body.get("mode").asText();
    if (!mode.equals("merge") && !mode.equals("replace")) {
      problems.add("mode: expected \"merge\" or \"replace\", was " + shown(mode));
    } else if (init && !mode.equals("merge")) {
      problems.add("mode: /init always sends \"merge\", was " + shown(mode));
    }
  }

  private static void timestamp(String value, List<String> problems) {
    if (!ISO_MILLIS.matcher(value).matches()) {
      problems.add(
          "timestamp: expected toISOString()'s form, like 2026-04-08T12:00:00.000Z, was "
              + shown(value));
      return;
    }
    try {
      LocalDateTime.parse(value, STRICT_DATE_TIME);
    } catch (DateTimeException e) {
      problems.add("timestamp: not a real date and time: " + shown(value));
    }
  }

  /** Whether {@code field} is there with the type; adds the problem when not. */
  private static boolean require(
      ObjectNode body, String field, JsonNodeType type, List<String> problems) {
    JsonNode value = body.get(field);
    if (value == null) {
      problems.add(field + ": missing");
      return false;
    }
    if (value.getNodeType() != type) {
      problems.add(field + ": expected " + name(type) + ", was " + typeOf(value));
      return false;
    }
    return true;
  }

  private static String typeOf(JsonNode node) {
    return node.isNull() ? "null" : name(node.getNodeType());
  }

  private static String name(JsonNodeType type) {
    return switch (type) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case BOOLEAN -> "a boolean";
      case NUMBER -> "a number";
      case NULL -> "null";
      default -> type.name().toLowerCase(Locale.ROOT);
    };
  }
}
