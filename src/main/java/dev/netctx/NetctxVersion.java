package dev.netctx;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import org.springframework.boot.SpringBootVersion;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: netctx's version and build time from {@code META-INF/build-info.properties}
 * (written by the build), then the Spring Boot and Java versions it runs on.
 */
final class NetctxVersion implements IVersionProvider {

    static final String BUILD_INFO = "META-INF/build-info.properties";

    @Override
    public String[] getVersion() throws IOException {
        Properties build = new Properties();
        try (InputStream in = NetctxVersion.class.getClassLoader().getResourceAsStream(BUILD_INFO)) {
            if (in != null) {
                build.load(in);
            }
        }
        String version = build.getProperty("build.version", "(version unknown: no " + BUILD_INFO + ")");
        String time = build.getProperty("build.time");
        return new String[] { "netctx " + version + ((time != null) ? " (built " + time + ")" : ""),
            "Spring Boot " + SpringBootVersion.getVersion() + ", Java " + Runtime.version() + " ("
                    + System.getProperty("java.vm.vendor") + ")" };
    }
}
