/**
 * Checks on text (control, format and surrogate characters; quoting for messages) shared by the
 * model's value types and the serialization package. It depends on nothing else in eventcore, so
 * the model can use it without a cycle. <strong>Not API</strong>: anything here may change or
 * disappear in any release.
 */
@NullMarked
package dev.eventcore.internal.text;

import org.jspecify.annotations.NullMarked;
