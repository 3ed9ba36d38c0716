package dev.netctx.nettyecho;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The Netty baseline of {@code scripts/bench.sh}: what a Java user would otherwise pick, an echo
 * server on Netty 4.2's NIO transport, TCP and UDP in one process as netctx runs them.
 *
 * <pre>java [JVM flags] -jar netty-echo.jar TCP_PORT UDP_PORT [THREADS] [BIND_HOST]</pre>
 *
 * A port of 0 leaves that protocol off; THREADS 0 (the default) is Netty's default (2 per core);
 * BIND_HOST defaults to 127.0.0.1. Netty reads its own system properties from the JVM flags, e.g.
 * {@code -Dio.netty.allocator.type=pooled}; the start-up line names the allocator in use.
 */
public final class NettyEcho {

    private NettyEcho() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(usage());
            return;
        }
        if (args.length < 2 || args.length > 4) {
            System.err.println(usage());
            System.exit(2);
        }
        int tcpPort = port(args[0]);
        int udpPort = port(args[1]);
        int threads = (args.length > 2) ? number(args[2], "THREADS") : 0;
        String host = (args.length > 3) ? args[3] : "127.0.0.1";
        IoHandlerFactory nio = NioIoHandler.newFactory();
        EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, nio);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(threads, nio);
        try {
            Channel tcp = (tcpPort > 0) ? bindTcp(acceptor, workers, host, tcpPort) : null;
            Channel udp = (udpPort > 0) ? bindUdp(workers, host, udpPort) : null;
            System.out.println("netty-echo listening on " + host + ": tcp " + tcpPort + ", udp " + udpPort + " (NIO, "
                    + ByteBufAllocator.DEFAULT.getClass().getSimpleName() + ", java " + Runtime.version() + ")");
            if (tcp != null) {
                tcp.closeFuture().sync();
            }
            if (udp != null) {
                udp.closeFuture().sync();
            }
        }
        finally {
            acceptor.shutdownGracefully();
            workers.shutdownGracefully();
        }
    }

    private static Channel bindTcp(EventLoopGroup acceptor, EventLoopGroup workers, String host, int port)
            throws InterruptedException {
        TcpEcho echo = new TcpEcho();
        return new ServerBootstrap().group(acceptor, workers)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 4096)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel channel) {
                    channel.pipeline().addLast(echo);
                }
            })
            .bind(host, port)
            .sync()
            .channel();
    }

    private static Channel bindUdp(EventLoopGroup workers, String host, int port) throws InterruptedException {
        return new Bootstrap().group(workers)
            .channel(NioDatagramChannel.class)
            .option(ChannelOption.SO_RCVBUF, 4 << 20)
            .option(ChannelOption.SO_SNDBUF, 4 << 20)
            .handler(new UdpEcho())
            .bind(host, port)
            .sync()
            .channel();
    }

    private static int port(String text) {
        int port = number(text, "a port");
        if (port > 65_535) {
            fail("a port is 0..65535, got " + text);
        }
        return port;
    }

    private static int number(String text, String what) {
        try {
            int value = Integer.parseInt(text);
            if (value >= 0) {
                return value;
            }
        }
        catch (NumberFormatException ex) {
            // reported below
        }
        return fail(what + " must be a number of 0 or more, got '" + text + "'");
    }

    private static int fail(String message) {
        System.err.println("netty-echo: " + message);
        System.err.println(usage());
        System.exit(2);
        return 0;
    }

    private static String usage() {
        return "usage: java [JVM flags] -jar netty-echo.jar TCP_PORT UDP_PORT [THREADS] [BIND_HOST]"
                + "   (port 0: off; THREADS 0: Netty's default; BIND_HOST: default 127.0.0.1)";
    }

    /** Writes each buffer read back to its connection, flushing once per batch of reads. */
    @ChannelHandler.Sharable
    static final class TcpEcho extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            ctx.write(message);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Sends each datagram's content back to its sender, flushing once per batch of reads. */
    static final class UdpEcho extends SimpleChannelInboundHandler<DatagramPacket> {

        UdpEcho() {
            super(false); // the content is handed on to the reply, which releases it once sent
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ctx.write(new DatagramPacket(packet.content(), packet.sender()));
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            System.err.println("netty-echo: udp: " + cause);
        }
    }
}
