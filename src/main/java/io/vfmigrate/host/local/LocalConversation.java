package io.vfmigrate.host.local;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.Conversation;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A local process to converse with: its standard input kept open, its two output streams collected
 * on reader threads until an exchange takes them.
 */
final class LocalConversation implements Conversation {
  private final Process process;
  private final OutputStream stdin;
  private final StringBuilder out = new StringBuilder();
  private final StringBuilder err = new StringBuilder();
  private int streamsOpen = 2;

  private LocalConversation(Process process) {
    this.process = process;
    this.stdin = process.getOutputStream();
    pump(process.getInputStream(), out);
    pump(process.getErrorStream(), err);
  }

  /** Starts {@code command}; empty when it cannot be started (e.g. it is not installed). */
  static Optional<Conversation> start(Command command, Map<String, String> env) {
    try {
      return Optional.of(new LocalConversation(LocalProcess.builder(command, env).start()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean send(String text) {
    synchronized (this) {
      // Both output streams have ended: the process is gone or going. Its standard input may still
      // take a write (a pipe fails only once no process holds its read end, and a process this JVM
      // is starting at that moment briefly holds a copy), but nothing will ever answer it.
      if (streamsOpen == 0) {
        return false;
      }
    }
    try {
      stdin.write(text.getBytes(StandardCharsets.UTF_8));
      stdin.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public synchronized Optional<Exchange> receive(String outLine, String errLine, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      int outEnd = Conversation.lineEnd(out.toString(), outLine);
      int errEnd = Conversation.lineEnd(err.toString(), errLine);
      if (outEnd >= 0 && errEnd >= 0) {
        Exchange exchange = new Exchange(out.substring(0, outEnd), err.substring(0, errEnd));
        out.delete(0, outEnd);
        err.delete(0, errEnd);
        return Optional.of(exchange);
      }
      long left = deadline - System.nanoTime();
      if (streamsOpen == 0 || left <= 0) {
        return Optional.empty();
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }

  private void pump(InputStream from, StringBuilder to) {
    Thread t =
        new Thread(
            () -> {
              char[] buffer = new char[8192];
              try (Reader in = new InputStreamReader(from, StandardCharsets.UTF_8)) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                  synchronized (this) {
                    to.append(buffer, 0, n);
                    notifyAll();
                  }
                }
              } catch (IOException ignored) {
                // The process went away; what was read so far is all there is.
              } finally {
                synchronized (this) {
                  streamsOpen--;
                  notifyAll();
                }
              }
            },
            "vfmigrate-conversation");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() {
    try {
      stdin.close();
    } catch (IOException ignored) {
      // Already closed: the process has gone.
    }
    try {
      // At the end of its input a process quits by itself (virsh closes its connection first);
      // one that does not within a moment is killed, not waited for.
      if (!process.waitFor(50, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
