package dev.netctx.nettyecho;

import java.io.File;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

/**
 * The Netty TLS baseline of {@code scripts/bench.sh}: the TCP echo of {@link NettyEcho} behind an
 * {@code SslHandler} on the JDK's provider (JSSE, as netctx uses), TLS 1.3 and 1.2.
 *
 * <pre>java [JVM flags] -cp netty-echo.jar dev.netctx.nettyecho.NettyTlsEcho PORT CERT_PEM KEY_PEM [THREADS] [BIND_HOST]</pre>
 *
 * KEY_PEM is an unencrypted PKCS#8 key; THREADS 0 (the default) is Netty's default (2 per core).
 */
public final class NettyTlsEcho {

    private NettyTlsEcho() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || args.length > 5) {
            System.err.println("usage: java [JVM flags] -cp netty-echo.jar dev.netctx.nettyecho.NettyTlsEcho PORT CERT_PEM "
                    + "KEY_PEM [THREADS] [BIND_HOST]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        SslContext ssl = SslContextBuilder.forServer(new File(args[1]), new File(args[2]))
            .sslProvider(SslProvider.JDK)
            .protocols("TLSv1.3", "TLSv1.2")
            .build();
        int threads = (args.length > 3) ? Integer.parseInt(args[3]) : 0;
        String host = (args.length > 4) ? args[4] : "127.0.0.1";
        IoHandlerFactory nio = NioIoHandler.newFactory();
        EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, nio);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(threads, nio);
        NettyEcho.TcpEcho echo = new NettyEcho.TcpEcho();
        try {
            Channel channel = new ServerBootstrap().group(acceptor, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(ssl.newHandler(channel.alloc()), echo);
                    }
                })
                .bind(host, port)
                .sync()
                .channel();
            System.out.println("netty-tls-echo listening on " + host + ": tcp " + port + " (NIO, SslHandler on JDK, "
                    + ByteBufAllocator.DEFAULT.getClass().getSimpleName() + ", java " + Runtime.version() + ")");
            channel.closeFuture().sync();
        }
        finally {
            acceptor.shutdownGracefully();
            workers.shutdownGracefully();
        }
    }
}
