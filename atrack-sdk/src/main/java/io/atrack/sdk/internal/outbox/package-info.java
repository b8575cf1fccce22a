/**
 * The durable outbox: an append-only log of the requests a client accepted, in segment files on
 * local disk, so that they survive the process dying and long API outages. Internal: not API, may
 * change without notice.
 */
@NullMarked
package io.atrack.sdk.internal.outbox;

import org.jspecify.annotations.NullMarked;
