/** The transport SPI: how the SDK sends one HTTP request; plug in your own for special cases. */
@NullMarked
package io.atrack.sdk.transport;

import org.jspecify.annotations.NullMarked;
