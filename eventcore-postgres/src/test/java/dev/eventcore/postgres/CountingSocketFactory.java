package dev.eventcore.postgres;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.SocketFactory;

/**
 * A pgjdbc {@code socketFactory} that counts network round trips: each switch from writing to
 * reading on a socket is one request/response exchange. Only exchanges made by threads whose name
 * starts with {@link #countedPrefix} are counted, so background threads do not blur the figure.
 * Driver-internal queries (type lookups, validation) are counted too: it measures the wire.
 */
public final class CountingSocketFactory extends SocketFactory {
  static final AtomicLong ROUND_TRIPS = new AtomicLong();
  static volatile String[] countedPrefix = {};

  /** Public no-argument constructor, for pgjdbc. */
  public CountingSocketFactory() {}

  @Override
  public Socket createSocket() {
    return new CountingSocket();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    Socket socket = new CountingSocket();
    socket.connect(new java.net.InetSocketAddress(host, port));
    return socket;
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress local, int localPort) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Socket createSocket(InetAddress host, int port) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) {
    throw new UnsupportedOperationException();
  }

  private static boolean counted() {
    String name = Thread.currentThread().getName();
    for (String prefix : countedPrefix) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static final class CountingSocket extends Socket {
    private volatile boolean wrote;
    private InputStream in;
    private OutputStream out;

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (in == null) {
        in = new FilterInputStream(super.getInputStream()) {
          @Override
          public int read() throws IOException {
            exchange();
            return super.read();
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            exchange();
            return super.read(b, off, len);
          }
        };
      }
      return in;
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
      if (out == null) {
        out = new FilterOutputStream(super.getOutputStream()) {
          @Override
          public void write(int b) throws IOException {
            wrote = true;
            super.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            wrote = true;
            out().write(b, off, len);
          }

          private OutputStream out() {
            return this.out;
          }
        };
      }
      return out;
    }

    private void exchange() {
      if (wrote) {
        wrote = false;
        if (counted()) {
          ROUND_TRIPS.incrementAndGet();
        }
      }
    }
  }
}
