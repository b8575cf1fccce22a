/** The user storage SPI and its in-memory default. */
@NullMarked
package io.atrack.sdk.storage;

import org.jspecify.annotations.NullMarked;
