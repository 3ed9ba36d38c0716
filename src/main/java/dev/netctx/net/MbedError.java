package dev.netctx.net;

import org.jspecify.annotations.Nullable;

/**
 * An mbed TLS error code as an enum constant carries it ({@link NetError}, and the TLS layer's
 * errors): the negative value the C functions return, printed as mbed TLS prints it.
 */
public interface MbedError {

    /** The numeric mbed TLS code: negative, as the C functions return it. */
    int code();

    /** The constant's name, e.g. {@code CONN_RESET} ({@link Enum#name()}). */
    String name();

    /** The code as mbed TLS prints it, e.g. {@code -0x0050}. */
    default String hex() {
        return String.format("-0x%04X", -code());
    }

    /** {@code NAME (-0xNNNN)}, the form netctx uses in messages (the constants' {@code toString}). */
    default String label() {
        return name() + " (" + hex() + ")";
    }

    /** The constant of {@code type} with the given code, or {@code null} if none has it. */
    static <E extends Enum<E> & MbedError> @Nullable E fromCode(Class<E> type, int code) {
        for (E error : type.getEnumConstants()) {
            if (error.code() == code) {
                return error;
            }
        }
        return null;
    }
}
