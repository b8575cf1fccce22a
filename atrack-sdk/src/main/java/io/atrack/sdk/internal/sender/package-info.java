/**
 * The transports behind {@link io.atrack.sdk.transport.Transport}: a lean keep-alive HTTP/1.1
 * client on blocking sockets ({@link io.atrack.sdk.internal.sender.SocketTransport}), the {@code
 * java.net.http.HttpClient} fallback for HTTP proxies ({@link
 * io.atrack.sdk.internal.sender.JdkHttpTransport}) and the choice between them ({@link
 * io.atrack.sdk.internal.sender.Transports}). Internal: not API.
 */
@NullMarked
package io.atrack.sdk.internal.sender;

import org.jspecify.annotations.NullMarked;
