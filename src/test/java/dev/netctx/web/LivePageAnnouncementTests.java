package dev.netctx.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/** The start-up log names the live page's URL: the bound address and the real port. */
@ExtendWith(OutputCaptureExtension.class)
class LivePageAnnouncementTests {

    @ParameterizedTest(name = "server.address={0}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            127.0.0.1 | http://127.0.0.1:8080/
            ::1       | http://[::1]:8080/
            0.0.0.0   | http://127.0.0.1:8080/ (listening on 0.0.0.0, server.address)
            ::        | http://[::1]:8080/ (listening on ::, server.address)
            none      | http://127.0.0.1:8080/ (listening on every interface, server.address)
            """)
    void theUrlNamesTheBoundAddress(String address, String url) {
        MockEnvironment environment = new MockEnvironment();
        if (address != null) {
            environment.setProperty("server.address", address);
        }
        assertThat(new LivePageAnnouncement(environment).url(8080)).isEqualTo(url);
    }

    @Test
    void theMainServerIsAnnouncedWithItsRealPortAndAManagementServerIsNot(CapturedOutput output) {
        LivePageAnnouncement announcement = new LivePageAnnouncement(
                new MockEnvironment().withProperty("server.address", "127.0.0.1"));
        announcement.onApplicationEvent(event(null, 41234));
        announcement.onApplicationEvent(event("management", 41235));
        assertThat(output).contains("Live page: http://127.0.0.1:41234/").doesNotContain("41235");
    }

    private static WebServerInitializedEvent event(String namespace, int port) {
        WebServer server = mock(WebServer.class);
        given(server.getPort()).willReturn(port);
        WebServerApplicationContext context = mock(WebServerApplicationContext.class);
        given(context.getServerNamespace()).willReturn(namespace);
        WebServerInitializedEvent event = mock(WebServerInitializedEvent.class);
        given(event.getWebServer()).willReturn(server);
        given(event.getApplicationContext()).willReturn(context);
        return event;
    }
}
