package dev.netctx.footprint;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The footprint's configuration, {@code netctx.memory.*}. {@link FootprintConfiguration} reads it through
 * its condition; the record makes it known to the configuration metadata and to the unknown-property check.
 * @param releaseAfterStartup Whether to hand the memory that start-up used back to the operating
 * system before the listeners open their ports (one full collection and a C heap trim, a few tens of
 * milliseconds).
 */
@ConfigurationProperties("netctx.memory")
public record MemoryProperties(@DefaultValue("true") boolean releaseAfterStartup) {
}
