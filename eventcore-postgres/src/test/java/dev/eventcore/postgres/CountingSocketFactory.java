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
 * Driver-internal queries (type lookups) are counted too: it measures the wire. One exchange is
 * counted apart, in {@link #PROBES}: the pool's liveness check of a connection it hands out after
 * 500 ms idle (HikariCP's {@code isValid}, which pgjdbc sends as a simple query with an empty
 * string, {@code 'Q' 0 0 0 5 0}, a message nothing else sends). A test thread that stalls that long
 * between two appends (a collection, a busy machine) meets it on the next one.
 */
public final class CountingSocketFactory extends SocketFactory {
  static final AtomicLong ROUND_TRIPS = new AtomicLong();
  static final AtomicLong PROBES = new AtomicLong();
  /** The bytes of a simple query with an empty string: how pgjdbc checks a connection is alive. */
  private static final byte[] EMPTY_QUERY = {'Q', 0, 0, 0, 5, 0};
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
    /** The first bytes written since the last exchange, and how many in all. */
    private final byte[] request = new byte[EMPTY_QUERY.length];
    private int requestLength;
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
            record(new byte[] {(byte) b}, 0, 1);
            super.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            wrote = true;
            record(b, off, len);
            out().write(b, off, len);
          }

          private OutputStream out() {
            return this.out;
          }
        };
      }
      return out;
    }

    private synchronized void record(byte[] bytes, int offset, int length) {
      for (int i = 0; i < length && requestLength + i < request.length; i++) {
        request[requestLength + i] = bytes[offset + i];
      }
      requestLength += length;
    }

    private synchronized void exchange() {
      if (wrote) {
        wrote = false;
        boolean probe = requestLength == EMPTY_QUERY.length
            && java.util.Arrays.equals(request, EMPTY_QUERY);
        requestLength = 0;
        if (counted()) {
          (probe ? PROBES : ROUND_TRIPS).incrementAndGet();
        }
      }
    }
  }
}
