package io.atrack.sdk.internal.sender;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the first {@link BodyPrefix#MAX} bytes of a body as UTF-8 text and drops the rest, for
 * {@link JdkHttpTransport}; created per answer once its head arrived, so it knows the status.
 *
 * <p>When more arrives than it keeps, it completes at once and cancels the subscription, which
 * makes {@code HttpClient} close the connection instead of reading a large body to its end. A body
 * that fits completes normally and leaves the connection reusable. A success's body is not needed:
 * one that only the end of the stream ends, or longer than {@link ResponseReader#DRAIN_LIMIT}, is
 * not read at all ({@link #skipsBody()}), as {@link ResponseReader} does. {@link #cut()} ends a
 * body that takes too long (the transport's thread decides when). Thread-safe: {@code HttpClient}'s
 * threads deliver, the sending thread may cut.
 */
final class BoundedBodySubscriber implements HttpResponse.BodySubscriber<String> {

  private final CompletableFuture<String> result = new CompletableFuture<>();
  private final byte[] prefix = new byte[BodyPrefix.MAX];
  private final int status;
  private final @Nullable String retryAfter;
  private final boolean skip;
  private int count;
  private Flow.@Nullable Subscription subscription;

  BoundedBodySubscriber(HttpResponse.ResponseInfo info) {
    this.status = info.statusCode();
    this.retryAfter = info.headers().firstValue("retry-after").orElse(null);
    OptionalLong length = info.headers().firstValueAsLong("content-length");
    boolean framed =
        length.isPresent() || info.headers().firstValue("transfer-encoding").isPresent();
    this.skip =
        isSuccess()
            && (!framed || (length.isPresent() && length.getAsLong() > ResponseReader.DRAIN_LIMIT));
  }

  /** The answer's status code. */
  int status() {
    return status;
  }

  /** The answer's {@code Retry-After} value, or null. */
  @Nullable String retryAfter() {
    return retryAfter;
  }

  boolean isSuccess() {
    return status >= 200 && status < 300;
  }

  /** Whether the body is dropped unread: a success whose body has no end in sight. */
  boolean skipsBody() {
    return skip;
  }

  @Override
  public CompletionStage<String> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    synchronized (this) {
      this.subscription = subscription;
    }
    if (skip) {
      cut();
    } else {
      subscription.request(Long.MAX_VALUE);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    synchronized (this) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer item : items) {
        int n = Math.min(item.remaining(), prefix.length - count);
        item.get(prefix, count, n);
        count += n;
        if (item.hasRemaining()) {
          result.complete(BodyPrefix.decode(prefix, count, true));
          cancel();
          return;
        }
      }
    }
  }

  @Override
  public void onError(Throwable throwable) {
    result.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    synchronized (this) {
      result.complete(count == 0 ? "" : new String(prefix, 0, count, StandardCharsets.UTF_8));
    }
  }

  /**
   * Ends the body now with what arrived so far and cancels the subscription, which makes {@code
   * HttpClient} drop the connection.
   *
   * @return the body kept
   */
  synchronized String cut() {
    result.complete(BodyPrefix.decode(prefix, count, true));
    cancel();
    return result.getNow("");
  }

  private void cancel() {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }
}
