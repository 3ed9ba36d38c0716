package dev.netctx.net;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A UDP echo on a wildcard listener, in a JVM of its own (a JDK 22+ one, for the IP_PKTINFO path):
 * {@code WildcardUdpEcho <bind address> receive|accept} prints {@code port <n>} and echoes every
 * datagram, through the one-way path ({@code receive}) or the queued one ({@code nextReady} and the
 * peer's {@code recv}), until its standard input ends.
 */
final class WildcardUdpEcho {

    private WildcardUdpEcho() {
    }

    public static void main(String[] args) throws IOException {
        try (NetContext listener = new NetContext()) {
            listener.bind(args[0], 0, NetProtocol.UDP);
            System.out.println("port " + NetTesting.portOf(listener));
            System.out.flush();
            Thread watcher = new Thread(() -> {
                try {
                    while (System.in.read() >= 0) {
                        // the parent keeps this JVM until it closes the pipe
                    }
                }
                catch (IOException ex) {
                    // the parent is gone
                }
                listener.close();
            });
            watcher.setDaemon(true);
            watcher.start();
            echo(listener, "receive".equals(args[1]));
        }
    }

    private static void echo(NetContext listener, boolean oneWay) {
        ByteBuffer buf = ByteBuffer.allocateDirect(NetContext.RECEIVE_BUFFER_SIZE);
        try {
            while (true) {
                NetContext peer = oneWay ? listener.receive(buf.clear(), -1) : listener.nextReady(-1);
                if (!oneWay) {
                    peer.recv(buf.clear());
                }
                peer.send(buf.flip());
            }
        }
        catch (NetException ex) {
            if (ex.error() != NetError.INVALID_CONTEXT) {
                ex.printStackTrace();
                System.exit(1);
            }
        }
    }
}
