/** Internal: not API, may change without notice. */
@NullMarked
package io.atrack.sdk.internal.context;

import org.jspecify.annotations.NullMarked;
