package dev.netctx.net;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The few Linux libc calls that a {@link PktinfoSocket} makes, bound with the FFM API
 * ({@code java.lang.foreign}, final since JDK 22) through reflection, so that this class compiles
 * and loads on JDK 17: there {@link #unavailable()} says why it cannot be used, and nothing else
 * here is called.
 *
 * <p>Pointers are passed as {@code long}s (on LP64 Linux, x86-64 and AArch64, a pointer and a
 * {@code long} travel in the same register) and point into direct {@code ByteBuffer}s in native
 * byte order, so that a call makes no {@code MemorySegment}: the only segment a call takes is the
 * {@code errno} capture of its {@link Memory}, made once. The handles are constants, which the JIT
 * inlines as it does any {@code invokeExact} of a {@code static final} handle.
 */
final class Libc {

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_REUSEADDR = 2;
    static final int SO_RCVBUF = 8;
    static final int SOL_IP = 0;
    static final int IP_PKTINFO = 8;
    static final int SOL_IPV6 = 41;
    static final int IPV6_V6ONLY = 26;
    static final int IPV6_RECVPKTINFO = 49;
    static final int IPV6_PKTINFO = 50;
    static final int MSG_DONTWAIT = 0x40;
    static final short POLLIN = 1;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EAFNOSUPPORT = 97;

    /** Why the calls cannot be made here, or {@code null} where they can. */
    private static final @Nullable String UNAVAILABLE;

    private static final @Nullable Calls CALLS;

    static {
        String why = null;
        Calls calls = null;
        try {
            why = prerequisites();
            if (why == null) {
                calls = Calls.link();
            }
        }
        catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
            Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
            why = "the FFM API failed to bind libc: " + cause;
        }
        UNAVAILABLE = why;
        CALLS = calls;
    }

    private Libc() {
    }

    /** Why a {@link PktinfoSocket} cannot be opened in this JVM, or {@code null} if it can. */
    static @Nullable String unavailable() {
        return UNAVAILABLE;
    }

    private static @Nullable String prerequisites() throws ReflectiveOperationException {
        if (Runtime.version().feature() < 22) {
            return "JDK " + Runtime.version().feature() + " has no final FFM API (JDK 22+ has)";
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))) {
            return "IP_PKTINFO is bound for Linux on x86-64 and AArch64 only, not " + os + "/" + arch;
        }
        Method enabled = Module.class.getMethod("isNativeAccessEnabled");
        if (!(Boolean) enabled.invoke(Libc.class.getModule())) {
            return "native access is not enabled (java --enable-native-access=ALL-UNNAMED, or the jar's Enable-Native-Access manifest entry)";
        }
        return null;
    }

    private static Calls calls() {
        Calls calls = CALLS;
        if (calls == null) {
            throw new IllegalStateException(UNAVAILABLE);
        }
        return calls;
    }

    static int socket(Memory errno, int domain, int type, int protocol) throws IOException {
        return checked("socket", calls().socket, errno, domain, type, protocol);
    }

    static void setsockopt(Memory scratch, int fd, int level, int name, int value) throws IOException {
        scratch.buffer.putInt(0, value);
        checked("setsockopt", calls().setsockopt, scratch, fd, level, name, scratch.address, 4);
    }

    /** {@code bind(2)} to the socket address at {@code address} ({@code length} bytes). */
    static void bind(Memory errno, int fd, long address, int length) throws IOException {
        checked("bind", calls().bind, errno, fd, address, length);
    }

    /** {@code getsockname(2)} into {@code address}, its length (in and out) at {@code lengthAddress}. */
    static void getsockname(Memory errno, int fd, long address, long lengthAddress) throws IOException {
        checked("getsockname", calls().getsockname, errno, fd, address, lengthAddress);
    }

    /** {@code recvmsg(2)}: the bytes received, or {@code -errno}. */
    static long recvmsg(Memory errno, int fd, long msghdr, int flags) {
        long n;
        try {
            n = (long) calls().recvmsg.invokeExact(errno.segment, fd, msghdr, flags);
        }
        catch (Throwable ex) {
            throw unexpected(ex);
        }
        return (n >= 0) ? n : -errno(errno);
    }

    /** {@code sendmsg(2)}: the bytes sent, or {@code -errno}. */
    static long sendmsg(Memory errno, int fd, long msghdr, int flags) {
        long n;
        try {
            n = (long) calls().sendmsg.invokeExact(errno.segment, fd, msghdr, flags);
        }
        catch (Throwable ex) {
            throw unexpected(ex);
        }
        return (n >= 0) ? n : -errno(errno);
    }

    /** {@code poll(2)} of the one {@code pollfd} at {@code pollfd}: the count ready, or {@code -errno}. */
    static int poll(Memory errno, long pollfd, int timeoutMillis) {
        int n;
        try {
            n = (int) calls().poll.invokeExact(errno.segment, pollfd, 1L, timeoutMillis);
        }
        catch (Throwable ex) {
            throw unexpected(ex);
        }
        return (n >= 0) ? n : -errno(errno);
    }

    /** {@code close(2)}: the descriptor is released whatever it returns. */
    static void close(Memory errno, int fd) {
        setUp(calls().close, errno, fd);
    }

    /**
     * A call made once per socket (to open, set up, bind, name or close it), with its arguments
     * boxed: the per-datagram calls above invoke their constant handles exactly, which the JIT inlines.
     */
    private static int setUp(MethodHandle call, Memory errno, Object... arguments) {
        Object[] all = new Object[arguments.length + 1];
        all[0] = errno.segment;
        System.arraycopy(arguments, 0, all, 1, arguments.length);
        try {
            return (int) call.invokeWithArguments(all);
        }
        catch (Throwable ex) {
            throw unexpected(ex);
        }
    }

    /** {@link #setUp} of a call that returns -1 on failure: its result, or the failure its {@code errno} names. */
    private static int checked(String name, MethodHandle call, Memory errno, Object... arguments) throws IOException {
        return check(name, errno, setUp(call, errno, arguments));
    }

    /** A downcall throws no checked exception: what it throws goes on as it is. */
    private static RuntimeException unexpected(Throwable ex) {
        if (ex instanceof Error error) {
            throw error;
        }
        return (ex instanceof RuntimeException runtime) ? runtime : new IllegalStateException(ex);
    }

    private static int check(String call, Memory errno, int result) throws IOException {
        if (result < 0) {
            throw failure(call, errno(errno));
        }
        return result;
    }

    private static int errno(Memory errno) {
        return errno.capture.getInt((int) calls().errnoOffset);
    }

    /** An {@code IOException} worded as the JDK words the common socket errors, which {@link Sockets#failure} reads. */
    static IOException failure(String call, int errno) {
        String message = switch (errno) {
            case 1 -> "Operation not permitted";
            case 9 -> "Bad file descriptor";
            case 12 -> "Cannot allocate memory";
            case 13 -> "Permission denied";
            case 22 -> "Invalid argument";
            case 90 -> "Message too long";
            case EAFNOSUPPORT -> "Address family not supported by protocol";
            case 98 -> "Address already in use";
            case 99 -> "Cannot assign requested address";
            case 101 -> "Network is unreachable";
            case 105 -> "No buffer space available";
            case 111 -> "Connection refused";
            case 113 -> "No route to host";
            default -> "errno " + errno;
        };
        return new IOException(message + " (" + call + ")");
    }

    /**
     * Native memory: a direct buffer in native byte order, its address, and a segment over it that
     * also serves as the {@code errno} capture of the calls made with it (its first bytes).
     */
    static final class Memory {

        final ByteBuffer buffer;

        final long address;

        final Object segment;

        private final ByteBuffer capture;

        private Memory(ByteBuffer buffer, long address, Object segment, ByteBuffer capture) {
            this.buffer = buffer;
            this.address = address;
            this.segment = segment;
            this.capture = capture;
        }

        /** {@code size} bytes of zeroed native memory (16-byte aligned), after room for the {@code errno} capture. */
        static Memory allocate(int size) {
            Calls calls = calls();
            int offset = (calls.captureSize + 15) & ~15;
            ByteBuffer whole = ByteBuffer.allocateDirect(offset + size + 16);
            int align = (int) ((16 - (Memory.addressOf(whole) & 15)) & 15);
            ByteBuffer capture = whole.slice(align, calls.captureSize).order(ByteOrder.nativeOrder());
            ByteBuffer data = whole.slice(align + offset, size).order(ByteOrder.nativeOrder());
            try {
                Object segment = calls.ofBuffer.invokeExact((Buffer) capture);
                return new Memory(data, Memory.addressOf(data), segment, capture);
            }
            catch (Throwable ex) {
                throw unexpected(ex);
            }
        }

        /** The native address of a direct buffer's first byte (not its position's). */
        static long addressOf(ByteBuffer direct) {
            Calls calls = calls();
            try {
                return (long) calls.address.invokeExact(calls.ofBuffer.invokeExact((Buffer) direct.duplicate().clear()));
            }
            catch (Throwable ex) {
                throw unexpected(ex);
            }
        }
    }

    /** The bound handles, each taking the errno capture segment first. */
    private record Calls(MethodHandle socket, MethodHandle setsockopt, MethodHandle bind, MethodHandle getsockname,
            MethodHandle recvmsg, MethodHandle sendmsg, MethodHandle poll, MethodHandle close,
            MethodHandle ofBuffer, MethodHandle address, int captureSize, long errnoOffset) {

        static Calls link() throws ReflectiveOperationException {
            Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
            Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
            Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
            Class<?> pathType = Class.forName("java.lang.foreign.MemoryLayout$PathElement");
            Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
            Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
            Class<?> lookupType = Class.forName("java.lang.foreign.SymbolLookup");
            Class<?> valueLayout = Class.forName("java.lang.foreign.ValueLayout");
            Object linker = linkerType.getMethod("nativeLinker").invoke(null);
            Object lookup = linkerType.getMethod("defaultLookup").invoke(linker);
            Object options = Array.newInstance(optionType, 1);
            Array.set(options, 0, optionType.getMethod("captureCallState", String[].class).invoke(null, (Object) new String[] { "errno" }));
            Object captureLayout = optionType.getMethod("captureStateLayout").invoke(null);
            Object errnoPath = Array.newInstance(pathType, 1);
            Array.set(errnoPath, 0, pathType.getMethod("groupElement", String.class).invoke(null, "errno"));
            long errnoOffset = (long) layoutType.getMethod("byteOffset", errnoPath.getClass()).invoke(captureLayout, errnoPath);
            long captureSize = (long) layoutType.getMethod("byteSize").invoke(captureLayout);
            Object i = valueLayout.getField("JAVA_INT").get(null);
            Object l = valueLayout.getField("JAVA_LONG").get(null);
            Method of = descriptorType.getMethod("of", layoutType, layoutType.arrayType());
            Method find = lookupType.getMethod("find", String.class);
            Method downcall = linkerType.getMethod("downcallHandle", segmentType, descriptorType, options.getClass());
            Binder binder = (name, result, arguments) -> {
                Object symbol = ((Optional<?>) find.invoke(lookup, name)).orElseThrow(() -> new NoSuchMethodException(name));
                Object layouts = Array.newInstance(layoutType, arguments.length);
                for (int n = 0; n < arguments.length; n++) {
                    Array.set(layouts, n, arguments[n]);
                }
                MethodHandle handle = (MethodHandle) downcall.invoke(linker, symbol, of.invoke(null, result, layouts), options);
                return handle.asType(handle.type().changeParameterType(0, Object.class));
            };
            MethodHandle ofBuffer = java.lang.invoke.MethodHandles.publicLookup()
                .findStatic(segmentType, "ofBuffer", MethodType.methodType(segmentType, Buffer.class))
                .asType(MethodType.methodType(Object.class, Buffer.class));
            MethodHandle address = java.lang.invoke.MethodHandles.publicLookup()
                .findVirtual(segmentType, "address", MethodType.methodType(long.class))
                .asType(MethodType.methodType(long.class, Object.class));
            return new Calls(binder.bind("socket", i, i, i, i), binder.bind("setsockopt", i, i, i, i, l, i),
                    binder.bind("bind", i, i, l, i), binder.bind("getsockname", i, i, l, l),
                    binder.bind("recvmsg", l, i, l, i), binder.bind("sendmsg", l, i, l, i),
                    binder.bind("poll", i, l, l, i), binder.bind("close", i, i), ofBuffer, address,
                    (int) captureSize, errnoOffset);
        }
    }

    @FunctionalInterface
    private interface Binder {

        MethodHandle bind(String name, Object result, Object... arguments) throws ReflectiveOperationException;
    }
}
