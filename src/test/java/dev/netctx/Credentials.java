package dev.netctx;

import java.util.function.Consumer;

import org.springframework.http.HttpHeaders;

/** How a request to a {@link LiveServiceTest} service authenticates: not at all, with the bearer token, or HTTP Basic. */
public enum Credentials implements Consumer<HttpHeaders> {

    /** No {@code Authorization} header. */
    NONE {
        @Override
        public void accept(HttpHeaders headers) {
        }
    },

    /** The service's bearer token. */
    TOKEN {
        @Override
        public void accept(HttpHeaders headers) {
            headers.setBearerAuth(LiveServiceTest.TOKEN);
        }
    },

    /** The service's HTTP Basic user. */
    BASIC {
        @Override
        public void accept(HttpHeaders headers) {
            headers.setBasicAuth(LiveServiceTest.USERNAME, LiveServiceTest.PASSWORD);
        }
    }
}
