package dev.netctx.client;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/** Sends random payloads one after the other, checks each echo byte for byte and times each round trip. */
final class PayloadRun {

    private final EchoConnection connection;

    private final RandomGenerator random;

    PayloadRun(EchoConnection connection, RandomGenerator random) {
        this.connection = connection;
        this.random = random;
    }

    /**
     * Sends {@code count} payloads of {@code size} random bytes.
     * @throws EchoFailure on the first failed or differing echo, saying how many were echoed before it
     */
    RoundTrips run(int count, int size) throws EchoFailure {
        long[] nanos = new long[count];
        byte[] payload = new byte[size];
        for (int i = 0; i < count; i++) {
            this.random.nextBytes(payload);
            long start = System.nanoTime();
            try {
                byte[] echo = this.connection.echo(payload);
                nanos[i] = System.nanoTime() - start;
                if (!Arrays.equals(echo, payload)) {
                    throw EchoFailure.mismatch("Echo of payload " + (i + 1) + " of " + count + " from server at "
                            + this.connection.server(), payload, echo);
                }
            }
            catch (EchoFailure ex) {
                throw ex.after(i, count);
            }
        }
        return new RoundTrips(nanos, size);
    }
}
