package dev.eventcore.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of the test PostgreSQL that can be "restarted": {@link #down()} resets every
 * connection through it (RST on both sides, as a crashed server would) and stops listening, so
 * new connections are refused; {@link #up()} listens again on the same port. The server ends the
 * backends whose sockets were reset, rolling back what they had in flight. Plain sockets, two pump
 * threads per connection. Thread-safe.
 */
final class RestartableProxy implements AutoCloseable {
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
  private static final long REBIND_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final InetSocketAddress target;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private final int port;
  private ServerSocket listener;
  private boolean closed;

  private RestartableProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    ServerSocket first = new ServerSocket();
    first.setReuseAddress(true);
    first.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.port = first.getLocalPort();
    listen(first);
  }

  /** A proxy, already listening on an ephemeral local port, to the server of {@code jdbcUrl}. */
  static RestartableProxy to(String jdbcUrl) throws IOException {
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    if (uri.getHost() == null || uri.getHost().contains(",")) {
      throw new IllegalArgumentException("expected jdbc:postgresql://host[:port]/db but was "
          + jdbcUrl);
    }
    return new RestartableProxy(
        new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort()));
  }

  /** {@code jdbcUrl} with its host and port replaced by this proxy's. */
  String rewrite(String jdbcUrl) {
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    return jdbcUrl.replace("//" + uri.getRawAuthority(), "//127.0.0.1:" + port);
  }

  /** The local port the proxy listens on (and listens on again after {@link #up()}). */
  int port() {
    return port;
  }

  /** How many connections the proxy accepted so far. */
  int accepted() {
    return accepted.get();
  }

  /** Like a crashed server: every connection reset, new ones refused until {@link #up()}. */
  synchronized void down() {
    if (listener != null) {
      closeQuietly(listener); // its acceptor ends; one it accepted meanwhile is reset, see there
      listener = null;
    }
    for (Link link : links) {
      link.reset();
    }
  }

  /** Listens again on the same port. */
  synchronized void up() throws IOException {
    if (closed) {
      throw new IllegalStateException("the proxy is closed");
    }
    if (listener != null) {
      return;
    }
    long deadline = System.nanoTime() + REBIND_NANOS;
    while (true) {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      try {
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listen(socket);
        return;
      } catch (IOException e) {
        socket.close();
        if (System.nanoTime() > deadline) {
          throw new IOException("cannot listen on port " + port + " again", e);
        }
        sleep(50);
      }
    }
  }

  /** {@link #down()}, {@code downtime}, {@link #up()}. */
  void restart(Duration downtime) throws IOException {
    down();
    sleep(downtime.toMillis());
    up();
  }

  @Override
  public synchronized void close() {
    closed = true;
    down();
  }

  private void listen(ServerSocket socket) {
    listener = socket;
    Thread acceptor = new Thread(() -> acceptLoop(socket), "r9-proxy-accept-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void acceptLoop(ServerSocket socket) {
    while (true) {
      Socket client;
      try {
        client = socket.accept();
      } catch (IOException e) {
        return; // the listener was closed
      }
      accepted.incrementAndGet();
      Socket server = new Socket();
      try {
        server.setTcpNoDelay(true);
        client.setTcpNoDelay(true);
        server.connect(target, CONNECT_TIMEOUT_MILLIS);
      } catch (IOException e) {
        resetQuietly(client);
        resetQuietly(server);
        continue;
      }
      Link link = new Link(client, server);
      links.add(link);
      synchronized (this) {
        // down() may have run between accept and here: this connection must not survive it
        if (listener != socket) {
          link.reset();
          continue;
        }
      }
      link.start();
    }
  }

  /** One client connection and its server connection, pumped both ways. */
  private final class Link {
    private final Socket client;
    private final Socket server;

    Link(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    void start() {
      String name = "r9-proxy-" + client.getPort();
      pump(client, server, name + "-up");
      pump(server, client, name + "-down");
    }

    private void pump(Socket from, Socket to, String name) {
      Thread thread = new Thread(() -> {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
          int n;
          while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            out.flush();
          }
        } catch (IOException e) {
          // reset or closed by the other pump
        } finally {
          closeQuietly(client);
          closeQuietly(server);
          links.remove(this);
        }
      }, name);
      thread.setDaemon(true);
      thread.start();
    }

    void reset() {
      resetQuietly(client);
      resetQuietly(server);
      links.remove(this);
    }
  }

  private static void resetQuietly(Socket socket) {
    try {
      socket.setSoLinger(true, 0); // close sends RST, not FIN
    } catch (SocketException e) {
      // already closed
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // nothing to do
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
