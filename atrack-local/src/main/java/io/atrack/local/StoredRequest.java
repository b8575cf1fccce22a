package io.atrack.local;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One request as the history holds it and the API shows it.
 *
 * @param id increasing, from the database
 * @param receivedAt ISO-8601, when it was read
 * @param key the {@code x-a-track-key} header masked as the SDK masks it, or null when missing
 * @param body the body as JSON text: the request's JSON value, or a JSON string of the raw text
 *     when it is not JSON
 * @param attempt 1 the first time a request was seen, 2 for its first retry, …
 * @param problems what a strict server would object to, each naming the field at fault
 * @param status the status it was answered, 0 when the connection was dropped
 * @param fault the fault switch that hit it, described, or null
 */
record StoredRequest(
    long id,
    String receivedAt,
    String method,
    String path,
    @Nullable String key,
    @Nullable String contentType,
    @Nullable String userAgent,
    String body,
    @Nullable String uuid,
    @Nullable String event,
    int attempt,
    List<String> problems,
    int status,
    @Nullable String fault) {

  /** The API's JSON object: the fixed fields first, then the extras the page uses. */
  void write(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeNumberField("id", id);
    g.writeStringField("receivedAt", receivedAt);
    g.writeStringField("method", method);
    g.writeStringField("path", path);
    g.writeStringField("key", key);
    g.writeFieldName("body");
    g.writeRawValue(body); // already JSON: kept as sent, key order and all
    g.writeNumberField("attempt", attempt);
    g.writeArrayFieldStart("problems");
    for (String p : problems) {
      g.writeString(p);
    }
    g.writeEndArray();
    g.writeStringField("uuid", uuid);
    g.writeStringField("event", event);
    g.writeNumberField("status", status);
    g.writeStringField("fault", fault);
    g.writeObjectFieldStart("headers");
    g.writeStringField("content-type", contentType);
    g.writeStringField("user-agent", userAgent);
    g.writeStringField("x-a-track-key", key);
    g.writeEndObject();
    g.writeEndObject();
  }

  String toJson() {
    StringWriter w = new StringWriter(body.length() + 512);
    try (JsonGenerator g = LocalJson.MAPPER.createGenerator(w)) {
      write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }
}
