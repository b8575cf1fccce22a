package io.atrack.sdk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Sees every {@code init}, {@code setAttributes} and {@code track} call before its body is encoded,
 * and may enrich it (add an attribute or a context entry), redact it (drop or mask a field) or drop
 * it. Added with {@link ATrackBuilder#interceptor(Interceptor)}; several run in the order they were
 * added, each given what the one before returned.
 *
 * <pre>{@code
 * ATrack sdk = ATrack.builder()
 *     .publicKey("pub_xxxxx")
 *     .interceptor(call -> call.toBuilder()
 *         .removeAttribute("email")                           // never send e-mail addresses
 *         .build())
 *     .interceptor(call -> call.kind() == RequestKind.EVENT
 *             && call.event().orElseThrow().startsWith("debug_")
 *         ? null                                              // drop debug events
 *         : call)
 *     .build();
 * }</pre>
 *
 * <p><b>Threading.</b> Runs on the caller's thread, inside the call, never under an SDK lock; it
 * must be thread-safe and quick (it adds to every call's cost). {@link RequestContext#current()}
 * and thread-locals such as a tracing span are the caller's.
 *
 * <p><b>Results.</b> Return {@code call} unchanged, a changed copy from {@link Call#toBuilder()},
 * or null to drop the call: then nothing is queued, sent or stored, the current user does not
 * change, and the call's future completes at once normally ({@code init} with the {@link
 * InitResult} it would have had). A dropped call is not counted in {@link Stats}.
 *
 * <p><b>Errors.</b> An exception thrown by an interceptor fails that call only: the call throws an
 * {@link IllegalArgumentException} naming the interceptor (its {@code toString()}), with the
 * exception as its cause, and nothing is queued or stored. Attribute values the interceptor sets
 * are checked like the caller's: one JSON cannot carry fails the call the same way.
 */
@FunctionalInterface
public interface Interceptor {

  /**
   * Looks at {@code call} and returns what to send instead, or null to drop it.
   *
   * @param call the call as the caller made it, or as the interceptor before this one returned it
   * @return {@code call}, a copy changed through {@link Call#toBuilder()}, or null to drop the call
   */
  @Nullable Call intercept(Call call);

  /**
   * One call as an interceptor sees it: its kind, user, event name, attributes and context.
   * Immutable and thread-safe.
   *
   * <p>The attributes are the call's own ({@code userAttributes} for {@code init}); the context is
   * the one the call will send: for {@code track}, the request's else the scope's; for {@code
   * init}, the scope's with the request's entries laid over it; for {@code setAttributes}, the
   * scope's (its locale and timezone go in {@code profile}).
   */
  final class Call {
    private final RequestKind kind;
    private final String uuid;
    private final @Nullable String event;
    private final Map<String, Object> attributes;
    private final RequestContext context;

    Call(
        RequestKind kind,
        String uuid,
        @Nullable String event,
        Map<String, ?> attributes,
        RequestContext context) {
      this.kind = kind;
      this.uuid = uuid;
      this.event = event;
      this.attributes = Collections.unmodifiableMap(attributes);
      this.context = context;
    }

    /**
     * A call to test an interceptor with, outside any client: no attributes, an empty context.
     *
     * @param kind which call
     * @param uuid the user the call is for
     * @param event the event name for {@link RequestKind#EVENT}; must be null for the others
     * @return a builder for that call
     * @throws IllegalArgumentException when {@code uuid} or {@code event} would fail the client's
     *     own checks, or {@code event} does not match {@code kind}
     */
    public static Builder builder(RequestKind kind, String uuid, @Nullable String event) {
      Objects.requireNonNull(kind, "kind");
      Validation.uuid(uuid, "uuid");
      if ((kind == RequestKind.EVENT) != (event != null)) {
        throw new IllegalArgumentException(
            "an event name is required for EVENT calls and not allowed for " + kind);
      }
      if (event != null) {
        Validation.eventName(event);
      }
      return new Call(kind, uuid, event, Map.of(), RequestContext.empty()).toBuilder();
    }

    /**
     * Which call: {@code init}, {@code setAttributes} or {@code track}.
     *
     * @return the call's kind
     */
    public RequestKind kind() {
      return kind;
    }

    /**
     * The user the call is for.
     *
     * @return the user's uuid
     */
    public String uuid() {
      return uuid;
    }

    /**
     * The event's name, for {@code track} calls; empty for the others.
     *
     * @return the event's name, or empty
     */
    public Optional<String> event() {
      return Optional.ofNullable(event);
    }

    /**
     * The attributes to send (unmodifiable; values may be null, JSON's null).
     *
     * @return the attributes, an unmodifiable map
     */
    public Map<String, Object> attributes() {
      return attributes;
    }

    /**
     * The context to send.
     *
     * @return the context
     */
    public RequestContext context() {
      return context;
    }

    /**
     * A builder starting from this call, to change its attributes or context.
     *
     * @return a new builder with this call's values
     */
    public Builder toBuilder() {
      return new Builder(this);
    }

    /** Names the kind and the attribute names, not the values nor the uuid (personal data). */
    @Override
    public String toString() {
      return "Interceptor.Call{"
          + kind
          + (event == null ? "" : " \"" + Printable.of(event, 60) + "\"")
          + ", attributes="
          + attributes.keySet().stream().map(k -> Printable.of(k, 40)).toList()
          + ", context="
          + context
          + '}';
    }

    /**
     * Changes a {@link Call}'s attributes and context; the kind, user and event name stay. Not
     * thread-safe; use it on the interceptor's thread.
     */
    public static final class Builder {
      private final Call from;
      private @Nullable Map<String, @Nullable Object> attributes; // copied on the first change
      private RequestContext context;

      private Builder(Call from) {
        this.from = from;
        this.context = from.context;
      }

      private Map<String, @Nullable Object> attributes() {
        Map<String, @Nullable Object> a = attributes;
        if (a == null) {
          a = new LinkedHashMap<>(from.attributes);
          attributes = a;
        }
        return a;
      }

      /**
       * Replaces every attribute with {@code attributes} (copied; order kept).
       *
       * @param attributes the attributes to send instead
       * @return this builder
       */
      public Builder attributes(Map<String, ?> attributes) {
        Validation.requireNonNull(attributes, "attributes");
        Map<String, @Nullable Object> a = new LinkedHashMap<>();
        attributes.forEach(
            (k, v) -> a.put(Validation.requireNonNull(k, "attribute name"), (Object) v));
        this.attributes = a;
        return this;
      }

      /**
       * Sets one attribute; a null value sends JSON's {@code null} (use remove to drop it).
       *
       * @param name the attribute's name
       * @param value the value, or null for JSON's {@code null}
       * @return this builder
       */
      public Builder putAttribute(String name, @Nullable Object value) {
        Validation.requireNonNull(name, "attribute name");
        attributes().put(name, value);
        return this;
      }

      /**
       * Removes one attribute, if present.
       *
       * @param name the attribute's name
       * @return this builder
       */
      public Builder removeAttribute(String name) {
        Validation.requireNonNull(name, "attribute name");
        attributes().remove(name);
        return this;
      }

      /**
       * Replaces the context to send.
       *
       * @param context the context to send instead
       * @return this builder
       */
      public Builder context(RequestContext context) {
        this.context = Validation.requireNonNull(context, "context");
        return this;
      }

      /**
       * Adds (or with a null value removes) a custom context entry, for example a trace id.
       *
       * @param name the entry's name
       * @param value the entry's value, or null to remove it
       * @return this builder
       * @throws IllegalArgumentException as {@link RequestContext.Builder#put} does
       */
      public Builder putContext(String name, @Nullable String value) {
        this.context = context.toBuilder().put(name, value).build();
        return this;
      }

      /**
       * The changed call.
       *
       * @return the call to go on with
       */
      public Call build() {
        Map<String, @Nullable Object> a = attributes;
        return new Call(
            from.kind,
            from.uuid,
            from.event,
            a == null ? from.attributes : new LinkedHashMap<>(a),
            context);
      }
    }
  }
}
