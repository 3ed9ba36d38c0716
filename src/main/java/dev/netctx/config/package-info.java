/**
 * Configuration that catches mistakes: a {@code netctx.*} property that nothing binds stops start-up,
 * naming itself, where it came from and the nearest valid name; a bad value is explained in the
 * user's words, naming the property. Depends on Spring Boot only, not on the features whose
 * properties it checks.
 */
@NullMarked
package dev.netctx.config;

import org.jspecify.annotations.NullMarked;
