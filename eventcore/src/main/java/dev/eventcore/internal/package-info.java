/**
 * Helpers shared by eventcore's modules. <strong>Not API</strong>: anything here may change or
 * disappear in any release.
 */
@NullMarked
package dev.eventcore.internal;

import org.jspecify.annotations.NullMarked;
