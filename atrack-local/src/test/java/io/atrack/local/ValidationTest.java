package io.atrack.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One test per rule a strict server applies (SPEC 2 and 3), each through real HTTP. */
class ValidationTest extends LocalFixture {
  @Test
  void correctBodiesOfEveryEndpointHaveNoProblems() {
    assertThat(problemsOf("/init", Running.INIT)).isEmpty();
    assertThat(problemsOf("/attributes", Running.ATTRIBUTES)).isEmpty();
    assertThat(problemsOf("/event", Running.EVENT)).isEmpty();
  }

  @Test
  void anyPathPrefixIsKept() {
    HttpResponse<String> r = local.post("/collect/v1/event", Running.EVENT);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(local.last().get("path").asText()).isEqualTo("/collect/v1/event");
    assertThat(local.last().get("problems")).isEmpty();
  }

  @Test
  void otherPathsAreShownWithAProblemAndAnswered404() {
    HttpResponse<String> r = local.post("/v1/track", Running.EVENT);

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(strings(local.last().get("problems")))
        .singleElement()
        .asString()
        .startsWith("path: \"/v1/track\" is not an A-Track endpoint");
  }

  @Test
  void methodMustBePost() {
    local.api("GET", "/event", "");

    assertThat(strings(local.last().get("problems"))).contains("method: expected POST, was GET");
  }

  @Test
  void contentTypeMustBeJson() {
    assertThat(problemsOf("/event", Running.EVENT, header("content-type", null)))
        .containsExactly("content-type: missing, expected application/json");
    assertThat(problemsOf("/event", Running.EVENT, header("content-type", "text/plain")))
        .containsExactly("content-type: expected application/json, was \"text/plain\"");
    assertThat(
            problemsOf(
                "/event",
                Running.EVENT,
                header("content-type", "application/json; charset=latin1")))
        .containsExactly("content-type: the body is UTF-8, but charset says \"latin1\"");
    assertThat(
            problemsOf(
                "/event", Running.EVENT, header("content-type", "Application/JSON; charset=UTF-8")))
        .isEmpty();
  }

  @Test
  void keyHeaderMustBeThereWithPubPrefixAndNoWhitespace() {
    assertThat(problemsOf("/event", Running.EVENT, header("x-a-track-key", null)))
        .containsExactly("x-a-track-key: missing");
    assertThat(problemsOf("/event", Running.EVENT, header("x-a-track-key", "sk_live_12345678abcd")))
        .containsExactly("x-a-track-key: must start with \"pub_\", was …abcd");
    assertThat(problemsOf("/event", Running.EVENT, header("x-a-track-key", "pub_")))
        .containsExactly("x-a-track-key: nothing after \"pub_\"");
    assertThat(problemsOf("/event", Running.EVENT, header("x-a-track-key", "pub_live 12345678")))
        .containsExactly("x-a-track-key: contains whitespace or a control character");
  }

  @Test
  void keyIsStoredMaskedAsTheSdkMasksIt() {
    local.post("/event", Running.EVENT, header("x-a-track-key", "pub_live_8f3k2j4hA1B2"));

    JsonNode r = local.last();
    assertThat(r.get("key").asText()).isEqualTo("pub_…A1B2");
    assertThat(r.toString()).doesNotContain("pub_live_8f3k2j4hA1B2");
  }

  @Test
  void bodyOverTheSdkLimitIsAProblem() {
    ObjectNode body = body(Running.EVENT);
    ((ObjectNode) body.get("attributes")).put("big", "x".repeat(Validator.MAX_BODY_BYTES));

    assertThat(problemsOf("/event", body.toString()))
        .singleElement()
        .asString()
        .matches("body: \\d+ bytes, over the SDK's limit of 65536 bytes \\(64 KiB\\)");
  }

  @Test
  void bodyMustBeOneJsonObject() {
    assertThat(problemsOf("/event", "")).containsExactly("body: empty, expected a JSON object");
    assertThat(problemsOf("/event", "{\"uuid\":"))
        .singleElement()
        .asString()
        .startsWith("body: not valid JSON");
    assertThat(problemsOf("/event", "[1,2]"))
        .containsExactly("body: expected a JSON object, was an array");
    assertThat(problemsOf("/event", "{\"uuid\":\"a\",\"uuid\":\"b\"}"))
        .singleElement()
        .asString()
        .startsWith("body: not valid JSON (Duplicate field 'uuid')");
    // Not JSON: kept as the text that came, as a JSON string.
    local.post("/event", "not json");
    assertThat(local.last().get("body").asText()).isEqualTo("not json");
  }

  static Stream<Arguments> requiredFields() {
    List<Arguments> all = new ArrayList<>();
    for (String f :
        List.of("sdkVersion", "uuid", "isNewUser", "mode", "context", "attributes", "profile")) {
      all.add(Arguments.of("/init", Running.INIT, f));
    }
    for (String f : List.of("sdkVersion", "uuid", "mode", "attributes", "profile")) {
      all.add(Arguments.of("/attributes", Running.ATTRIBUTES, f));
    }
    for (String f :
        List.of("sdkVersion", "uuid", "event", "attributes", "timestamp", "context", "eventId")) {
      all.add(Arguments.of("/event", Running.EVENT, f));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("requiredFields")
  void everyRequiredFieldMustBeThere(String path, String valid, String field) {
    ObjectNode body = body(valid);
    body.remove(field);

    assertThat(problemsOf(path, body.toString())).containsExactly(field + ": missing");
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("requiredFields")
  void everyFieldMustHaveItsJsonType(String path, String valid, String field) {
    ObjectNode body = body(valid);
    JsonNode value = body.get(field);
    // A value of another type: a number for strings and booleans, a string for objects.
    if (value.isObject()) {
      body.put(field, "{}");
    } else {
      body.put(field, 42);
    }
    String expected = value.isObject() ? "an object" : value.isBoolean() ? "a boolean" : "a string";
    String was = value.isObject() ? "a string" : "a number";

    assertThat(problemsOf(path, body.toString()))
        .containsExactly(field + ": expected " + expected + ", was " + was);
  }

  @Test
  void nullIsNotAValueOfAnyRequiredType() {
    ObjectNode body = body(Running.EVENT);
    body.putNull("attributes");

    assertThat(problemsOf("/event", body.toString()))
        .containsExactly("attributes: expected an object, was null");
  }

  @Test
  void modeIsMergeOrReplaceAndInitAlwaysMerges() {
    assertThat(problemsOf("/attributes", with(Running.ATTRIBUTES, "mode", "replace"))).isEmpty();
    assertThat(problemsOf("/attributes", with(Running.ATTRIBUTES, "mode", "upsert")))
        .containsExactly("mode: expected \"merge\" or \"replace\", was \"upsert\"");
    assertThat(problemsOf("/attributes", with(Running.ATTRIBUTES, "mode", "MERGE")))
        .containsExactly("mode: expected \"merge\" or \"replace\", was \"MERGE\"");
    assertThat(problemsOf("/init", with(with(Running.INIT, "uuid", "u-mode"), "mode", "replace")))
        .containsExactly("mode: /init always sends \"merge\", was \"replace\"");
  }

  @Test
  void timestampIsExactlyToIsoStringsForm() {
    for (String bad :
        List.of(
            "2026-04-08T12:00:00Z",
            "2026-04-08T12:00:00.0Z",
            "2026-04-08T12:00:00.000000Z",
            "2026-04-08T12:00:00.000+00:00",
            "2026-04-08 12:00:00.000Z",
            "1775649600000")) {
      assertThat(problemsOf("/event", fresh(with(Running.EVENT, "timestamp", bad))))
          .as(bad)
          .containsExactly(
              "timestamp: expected toISOString()'s form, like 2026-04-08T12:00:00.000Z, was \""
                  + bad
                  + "\"");
    }
    assertThat(
            problemsOf(
                "/event", fresh(with(Running.EVENT, "timestamp", "2026-02-30T12:00:00.000Z"))))
        .containsExactly("timestamp: not a real date and time: \"2026-02-30T12:00:00.000Z\"");
    assertThat(
            problemsOf(
                "/event", fresh(with(Running.EVENT, "timestamp", "2026-04-08T23:59:59.999Z"))))
        .isEmpty();
  }

  @Test
  void eventNameAndUuidMustNotBeEmpty() {
    assertThat(problemsOf("/event", with(Running.EVENT, "event", " ")))
        .containsExactly("event: empty");
    assertThat(problemsOf("/event", fresh(with(Running.EVENT, "uuid", ""))))
        .containsExactly("uuid: empty");
  }

  @Test
  void eventIdMustBeAUuid() {
    assertThat(problemsOf("/event", with(Running.EVENT, "eventId", "42")))
        .containsExactly("eventId: expected a UUID in canonical lower-case form, was \"42\"");
  }

  @Test
  void repeatedEventIdIsARetryNotASecondEvent() {
    local.post("/event", Running.EVENT);
    local.post("/event", Running.EVENT);
    local.post("/event", Running.EVENT);

    List<JsonNode> all = local.allRequests();
    assertThat(all).extracting(r -> r.get("attempt").asInt()).containsExactly(1, 2, 3);
    assertThat(all).allSatisfy(r -> assertThat(r.get("problems")).isEmpty());
    JsonNode user = local.getJson("/api/users/u1");
    assertThat(user.get("events")).hasSize(1);
    assertThat(user.get("events").get(0).get("attempts").asInt()).isEqualTo(3);
  }

  @Test
  void repeatedEventIdWithAnotherBodyIsAProblem() {
    local.post("/event", Running.EVENT);
    long first = local.last().get("id").asLong();

    assertThat(problemsOf("/event", with(Running.EVENT, "event", "other_event")))
        .containsExactly(
            "eventId: already sent by request #"
                + first
                + " with a different body; a retry resends the same body");
  }

  @Test
  void isNewUserTrueForAUuidAlreadyInitialisedIsAProblem() {
    assertThat(problemsOf("/init", Running.INIT)).isEmpty();
    long first = local.last().get("id").asLong();
    assertThat(problemsOf("/init", with(Running.INIT, "isNewUser", false))).isEmpty();

    assertThat(problemsOf("/init", Running.INIT))
        .singleElement()
        .asString()
        .startsWith(
            "isNewUser: true, but this uuid was initialised before (request #" + first + ")");
  }

  @Test
  void aRetriedInitIsAnAttemptNotANewUserProblem() {
    local.api("POST", "/api/faults", "{\"status\":503,\"count\":1}");
    local.post("/init", Running.INIT);
    local.post("/init", Running.INIT); // the retry of the 503
    local.post("/init", Running.INIT); // after a 200: a new init, of a known user

    List<JsonNode> all = local.allRequests();
    assertThat(all).extracting(r -> r.get("attempt").asInt()).containsExactly(1, 2, 1);
    assertThat(all.get(1).get("problems")).isEmpty();
    assertThat(strings(all.get(2).get("problems")))
        .singleElement()
        .asString()
        .startsWith("isNewUser: true, but this uuid was initialised before");
  }

  @Test
  void repeatedRequestIdIsARetryWhateverTheStatusBefore() {
    String init = with(Running.INIT, "requestId", "9b2f6c1a-3d4e-4f50-8a1b-2c3d4e5f6a7b");
    String attributes =
        with(Running.ATTRIBUTES, "requestId", "1a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d");
    local.post("/init", init);
    local.post("/init", init); // after a 200: the answer was lost, the SDK sent it again
    local.api("POST", "/api/faults", "{\"status\":503,\"count\":1}");
    local.post("/attributes", attributes);
    local.post("/attributes", attributes);

    List<JsonNode> all = local.allRequests();
    assertThat(all).extracting(r -> r.get("attempt").asInt()).containsExactly(1, 2, 1, 2);
    assertThat(all).allSatisfy(r -> assertThat(r.get("problems")).isEmpty());
  }

  @Test
  void aNewRequestIdIsANewCallEvenWithTheSameBodyAfterAFailedTry() {
    local.api("POST", "/api/faults", "{\"status\":503,\"count\":1}");
    local.post("/init", with(Running.INIT, "requestId", "9b2f6c1a-3d4e-4f50-8a1b-2c3d4e5f6a7b"));
    local.post("/init", with(Running.INIT, "requestId", "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"));

    assertThat(local.allRequests()).extracting(r -> r.get("attempt").asInt()).containsExactly(1, 1);
  }

  @Test
  void repeatedRequestIdWithAnotherBodyIsAProblem() {
    String id = "9b2f6c1a-3d4e-4f50-8a1b-2c3d4e5f6a7b";
    local.post("/attributes", with(Running.ATTRIBUTES, "requestId", id));
    long first = local.last().get("id").asLong();

    assertThat(
            problemsOf(
                "/attributes", with(with(Running.ATTRIBUTES, "mode", "replace"), "requestId", id)))
        .containsExactly(
            "requestId: already sent by request #"
                + first
                + " with a different body; a retry resends the same body");
    assertThat(local.last().get("attempt").asInt()).isEqualTo(2);
  }

  @Test
  void requestIdWhenThereIsAString() {
    assertThat(problemsOf("/init", with(Running.INIT, "requestId", 42)))
        .containsExactly("requestId: expected a string, was a number");
    assertThat(problemsOf("/attributes", with(Running.ATTRIBUTES, "requestId", List.of())))
        .containsExactly("requestId: expected a string, was an array");
  }

  @Test
  void aGeneratedUuidMustBeACanonicalLowerCaseVersion4Uuid() {
    String v4 = "0d54a1b2-9c3d-4e5f-8a6b-7c8d9e0f1a2b";
    assertThat(problemsOf("/init", with(Running.INIT, "uuid", v4))).isEmpty();
    for (String bad :
        List.of(
            v4.toUpperCase(java.util.Locale.ROOT),
            "0d54a1b2-9c3d-1e5f-8a6b-7c8d9e0f1a2b", // version 1
            "0d54a1b29c3d4e5f8a6b7c8d9e0f1a2b")) { // no dashes
      assertThat(problemsOf("/init", with(Running.INIT, "uuid", bad)))
          .as(bad)
          .singleElement()
          .asString()
          .startsWith("uuid: isNewUser is true and \"" + bad + "\" looks generated");
    }
    // The caller's own ids are not generated ones, whatever they look like.
    assertThat(problemsOf("/init", with(Running.INIT, "uuid", "server-user-42"))).isEmpty();
    // And a known user's uuid is not checked as generated.
    ObjectNode known = body(with(Running.INIT, "uuid", v4.toUpperCase(java.util.Locale.ROOT)));
    known.put("isNewUser", false);
    assertThat(problemsOf("/init", known.toString())).isEmpty();
  }

  @Test
  void extraFieldsAndAnyKeyOrderAreFine() {
    ObjectNode reordered = LocalJson.MAPPER.createObjectNode();
    ObjectNode valid = body(Running.EVENT);
    List<String> names = new ArrayList<>();
    valid.fieldNames().forEachRemaining(names::add);
    java.util.Collections.reverse(names);
    names.forEach(n -> reordered.set(n, valid.get(n)));
    reordered.put("extra", true);

    assertThat(problemsOf("/event", reordered.toString())).isEmpty();
  }

  @Test
  void everyProblemNamesItsField() {
    local.post("/event", "{\"uuid\":7,\"timestamp\":\"yesterday\"}", header("x-a-track-key", null));

    assertThat(strings(local.last().get("problems")))
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p).matches("[a-zA-Z-]+: .+"));
  }

  // ---- helpers ----

  private List<String> problemsOf(String path, String body) {
    return problemsOf(path, body, Map.of());
  }

  private List<String> problemsOf(String path, String body, Map<String, String> headers) {
    HttpResponse<String> r = local.post(path, body, headers);
    assertThat(r.statusCode()).as("lenient mode answers 200").isEqualTo(200);
    return strings(local.last().get("problems"));
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  static Map<String, String> header(String name, String value) {
    Map<String, String> m = new HashMap<>();
    m.put(name, value);
    return m;
  }

  /** The event with a new eventId, so it is not taken for a retry of an earlier one. */
  static String fresh(String event) {
    return with(event, "eventId", java.util.UUID.randomUUID().toString());
  }

  static ObjectNode body(String json) {
    return (ObjectNode) Running.json(json);
  }

  static String with(String json, String field, Object value) {
    ObjectNode b = body(json);
    b.set(field, LocalJson.MAPPER.valueToTree(value));
    return b.toString();
  }
}
