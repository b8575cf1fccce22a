package io.atrack.sdk.internal.sender;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the first {@link BodyPrefix#MAX} bytes of a body as UTF-8 text and drops the rest.
 *
 * <p>When more arrives than it keeps, it completes at once and cancels the subscription, which
 * makes {@code HttpClient} close the connection instead of reading a large body to its end. A body
 * that fits completes normally and leaves the connection reusable.
 */
final class BoundedBodySubscriber implements HttpResponse.BodySubscriber<String> {

  private final CompletableFuture<String> result = new CompletableFuture<>();
  private final byte[] prefix = new byte[BodyPrefix.MAX];
  private int count;
  private Flow.@Nullable Subscription subscription;

  @Override
  public CompletionStage<String> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer item : items) {
      int n = Math.min(item.remaining(), prefix.length - count);
      item.get(prefix, count, n);
      count += n;
      if (item.hasRemaining()) {
        result.complete(BodyPrefix.decode(prefix, count, true));
        Flow.@Nullable Subscription s = subscription;
        if (s != null) {
          s.cancel();
        }
        return;
      }
    }
  }

  @Override
  public void onError(Throwable throwable) {
    result.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    result.complete(count == 0 ? "" : new String(prefix, 0, count, StandardCharsets.UTF_8));
  }
}
